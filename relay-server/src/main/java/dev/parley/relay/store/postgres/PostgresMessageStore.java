package dev.parley.relay.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import dev.parley.relay.store.AppendListener;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.NewReceipt;
import dev.parley.relay.store.ReceiptListener;
import dev.parley.relay.store.StoreException;
import dev.parley.relay.store.StoredMessage;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@link MessageStore} in a PostgreSQL database that several relays (a cluster) share: messages with their clips
 * ({@code bytea}), played receipts, and per room the counters that number them (see {@link PgGroupCommit}: a room's
 * seq is gap-free in commit order whichever relay stored it). The schema is made and upgraded by Flyway from
 * {@code db/postgresql/} at open, under Flyway's lock in the database, so relays may start together.
 *
 * <p>One writer thread per relay commits in groups ({@link PgWriter}); a commit returns once PostgreSQL has made it
 * durable ({@code synchronous_commit} is left at its default), and only then are listeners told. Reads go through a
 * small pool ({@link Connections#READERS} connections, HikariCP) and read the database each time, since another relay
 * may have written: {@link #lastSeq} and {@link #lastReceiptId} are one primary-key read each. Retention by count and
 * bytes runs in the group commit that stored a room's messages, by age once per cluster (see {@link PgRetention}).
 *
 * <p>While the database is down, appends fail within seconds (every wait is bounded, see {@link Connections}),
 * {@link #problem} says why, and the store recovers by itself when it is back.
 */
public final class PostgresMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresMessageStore.class);

    private final PostgresUrl url;
    private final HikariDataSource readers;
    private final PgWriter writer;
    private final String clusterId;

    private PostgresMessageStore(PostgresUrl url, HikariDataSource readers, PgWriter writer, String clusterId) {
        this.url = url;
        this.clusterId = clusterId;
        this.readers = readers;
        this.writer = writer;
    }

    /** Connects, makes or upgrades the schema, and starts the writer; fails when the database cannot be reached. */
    public static PostgresMessageStore open(PostgresUrl url, Retention retention, Clock clock, RelayEvents events)
            throws IOException {
        Connections connections = new Connections(url);
        HikariDataSource readers;
        try {
            readers = connections.readers();
        } catch (RuntimeException e) {
            throw new IOException("cannot connect to the database " + url.shown() + ": " + innermost(e), e);
        }
        String clusterId;
        try {
            checkEncoding(readers, url);
            MigrateResult migrated = Flyway.configure().dataSource(readers).locations("classpath:db/postgresql")
                    .failOnMissingLocations(true).load().migrate();
            if (migrated.migrationsExecuted > 0) {
                log.info("the database {} was brought to schema version {} ({} migration(s))", url.shown(),
                        migrated.targetSchemaVersion, migrated.migrationsExecuted);
            }
            clusterId = readClusterId(readers);
        } catch (FlywayException | SQLException | IOException e) {
            readers.close();
            throw new IOException("cannot prepare the database " + url.shown() + ": " + innermost(e), e);
        }
        PgWriter writer = new PgWriter(connections, url.shown(), new PgRetention(retention), clock, events);
        writer.start();
        log.info("storing in PostgreSQL at {}", url.shown());
        return new PostgresMessageStore(url, readers, writer, clusterId);
    }

    /** The database's cluster identity, made by the migration {@code V1_1__cluster_identity.sql}. */
    private static String readClusterId(HikariDataSource readers) throws SQLException, IOException {
        try (Connection c = readers.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM cluster_identity")) {
            if (!rs.next()) {
                throw new IOException("its cluster identity is missing (the table cluster_identity has no row)");
            }
            return rs.getString(1).replace("-", "").toLowerCase(Locale.ROOT);
        }
    }

    @Override
    public Optional<String> clusterId() {
        return Optional.of(clusterId);
    }

    private static void checkEncoding(HikariDataSource readers, PostgresUrl url) throws SQLException, IOException {
        try (Connection c = readers.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_encoding")) {
            String encoding = rs.next() ? rs.getString(1) : "?";
            if (!encoding.equalsIgnoreCase("UTF8")) {
                throw new IOException("the database " + url.shown() + " is encoded in " + encoding
                        + "; Parley needs UTF8 (CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)");
            }
        }
    }

    /** The message of the deepest cause, which says what actually went wrong. */
    private static String innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    @Override
    public void append(NewMessage message, AppendListener listener) {
        writer.submit(new PgGroupCommit.Append(message, listener));
    }

    @Override
    public void appendReceipt(NewReceipt receipt, ReceiptListener listener) {
        writer.submit(new PgGroupCommit.Receipt(receipt, listener));
    }

    @Override
    public long lastSeq(String room) {
        return counter(room, "SELECT last_seq FROM rooms WHERE room = ?");
    }

    @Override
    public long lastReceiptId(String room) {
        return counter(room, "SELECT last_receipt_id FROM rooms WHERE room = ?");
    }

    /**
     * A room's counter, read by primary key. Called on an event loop when a room is first joined: while the writer
     * cannot connect it fails at once rather than wait {@link Connections#READER_WAIT} for a connection.
     */
    private long counter(String room, String sql) {
        String unreachable = writer.unreachable();
        if (unreachable != null) {
            throw new StoreException("the database " + url.shown() + " is out of reach: " + unreachable, null);
        }
        List<Long> got = query(room, sql, rs -> rs.getLong(1), room);
        return got.isEmpty() ? 0 : got.get(0);
    }

    @Override
    public List<StoredMessage> range(String room, long afterSeq, long upToSeq, int maxCount, long maxBytes) {
        // the running total of the rows before each one: a row is read (with its clip) while that is within maxBytes
        return query(room, "SELECT " + PgRows.COLUMNS + " FROM (SELECT " + PgRows.COLUMNS
                        + ", sum(bytes) OVER (ORDER BY seq) - bytes AS before FROM messages"
                        + " WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?) page"
                        + " WHERE before <= ? ORDER BY seq",
                rs -> PgRows.message(room, rs, 1), room, afterSeq, upToSeq, maxCount, maxBytes);
    }

    @Override
    public List<StoredMessage> newestBefore(String room, long beforeSeq, int count) {
        List<StoredMessage> out = new ArrayList<>(query(room, "SELECT " + PgRows.COLUMNS
                        + " FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?",
                rs -> PgRows.message(room, rs, 1), room, beforeSeq, count));
        Collections.reverse(out);
        return out;
    }

    @Override
    public List<ServerMessage.Played> receipts(String room, long afterId, long upToId, long fromSeq, long toSeq,
                                               int maxCount) {
        return query(room, "SELECT seq, nick, ts, id FROM receipts WHERE room = ? AND id > ? AND id <= ?"
                        + " AND seq >= ? AND seq <= ? ORDER BY id LIMIT ?",
                rs -> new ServerMessage.Played(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), false),
                room, afterId, upToId, fromSeq, toSeq, maxCount);
    }

    /** One row as a value. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query on a pooled reader and returns its rows as values. */
    private <T> List<T> query(String room, String sql, Row<T> row, Object... params) {
        try (Connection c = readers.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading room " + room + " from the database " + url.shown() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> problem(Duration timeout) {
        String writing = writer.problem();
        if (writing != null) {
            return Optional.of(writing);
        }
        try (Connection c = readers.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
            }
            return Optional.empty();
        } catch (SQLException e) {
            log.warn("the store's health check failed: {}", e.getMessage());
            return Optional.of("reading the database " + url.shown() + " failed: " + e.getMessage());
        }
    }

    @Override
    public void flush() throws InterruptedException {
        writer.flush();
    }

    @Override
    public void close() {
        writer.stop();
        readers.close();
    }
}
