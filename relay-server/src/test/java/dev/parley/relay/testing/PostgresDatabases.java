package dev.parley.relay.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test class's real PostgreSQL ({@link PostgresServer}), started on a free port before its first test and stopped
 * (by PID, its folder deleted) after its last, as a static {@code @RegisterExtension} field; and fresh databases on
 * it, so that each test can have one of its own. {@link ClusterServers} adds a nats-server to it.
 */
public final class PostgresDatabases implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** An empty database: its name, and its JDBC URL with the superuser's credentials. */
    public record Database(String name, String url) {
    }

    private PostgresServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = PostgresServer.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
        }
    }

    public PostgresServer server() {
        return server;
    }

    /** A new empty database named {@code prefix_N}, N unique in this process. */
    public Database newDatabase(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        return new Database(name, server.createDatabase(name));
    }
}
