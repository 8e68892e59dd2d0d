package dev.parley.relay.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * How the store connects: every wait is bounded, so a database that is down or unreachable fails a commit or a read
 * within seconds instead of hanging a thread. Connecting gives up after {@link #CONNECT}, a query the server does not
 * answer after {@link #SOCKET} (the server itself cancels a statement after {@link #STATEMENT} and a wait for a row
 * lock after {@link #LOCK}); TCP keep-alive notices a peer that vanished. A URL parameter of the same name wins.
 */
final class Connections {
    static final Duration CONNECT = Duration.ofSeconds(3);
    static final Duration SOCKET = Duration.ofSeconds(20);
    static final Duration STATEMENT = Duration.ofSeconds(15);
    static final Duration LOCK = Duration.ofSeconds(10);
    /** How long the writer's session may sit in an open transaction without sending anything. */
    static final Duration IDLE_IN_COMMIT = Duration.ofSeconds(10);
    /** How long a reader may be waited for. */
    static final Duration READER_WAIT = Duration.ofSeconds(2);
    static final int READERS = 4;

    private final PostgresUrl url;

    Connections(PostgresUrl url) {
        this.url = url;
    }

    private Properties properties() {
        Properties p = new Properties();
        if (url.user() != null) {
            p.setProperty("user", url.user());
        }
        if (url.password() != null) {
            p.setProperty("password", url.password());
        }
        p.setProperty("connectTimeout", Long.toString(CONNECT.toSeconds()));
        p.setProperty("loginTimeout", Long.toString(CONNECT.toSeconds() + 2));
        p.setProperty("socketTimeout", Long.toString(SOCKET.toSeconds()));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "parley-relay");
        return p;
    }

    /** A new connection for the writer: manual commit, statement and lock timeouts set. */
    Connection writer() throws SQLException {
        Properties p = properties();
        // a batch's rows go in as multi-row INSERTs: fewer protocol messages and executor starts per message
        p.setProperty("reWriteBatchedInserts", "true");
        Connection c = DriverManager.getConnection(url.url(), p);
        try (Statement s = c.createStatement()) {
            // a relay cut off from the database in the middle of a group commit holds its rooms' locks: the server
            // ends such a session after IDLE_IN_COMMIT, so other relays wait for those rooms no longer than that
            s.execute(timeouts() + "; SET idle_in_transaction_session_timeout = " + IDLE_IN_COMMIT.toMillis());
            c.setAutoCommit(false);
            return c;
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static String timeouts() {
        return "SET statement_timeout = " + STATEMENT.toMillis() + "; SET lock_timeout = " + LOCK.toMillis();
    }

    /**
     * The readers' pool (also what the migrations run on); fails at once when the database cannot be reached now,
     * later it replaces broken connections by itself.
     */
    HikariDataSource readers() {
        HikariConfig config = new HikariConfig();
        config.setPoolName("parley-store-readers");
        config.setJdbcUrl(url.url());
        config.setDataSourceProperties(properties());
        config.setMaximumPoolSize(READERS);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(READER_WAIT.toMillis());
        config.setValidationTimeout(1_000);
        config.setConnectionInitSql(timeouts());
        config.setInitializationFailTimeout(1);
        return new HikariDataSource(config);
    }
}
