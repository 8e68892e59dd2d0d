package dev.parley.relay.testing;

import dev.parley.relay.ClusterOptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's real PostgreSQL ({@link PostgresDatabases}) and nats-server, started on free ports before its first
 * test and stopped (by PID) after its last, as a static {@code @RegisterExtension} field; and for each test a cluster of
 * its own on them: a fresh database and a NATS subject nobody else uses.
 */
public final class ClusterServers implements BeforeAllCallback, AfterAllCallback {
    /** Where the relays of one cluster meet: the database URL and the bus options to start each relay with. */
    public record Cluster(String database, String databaseUrl, ClusterOptions bus) {
    }

    private final PostgresDatabases postgres = new PostgresDatabases();
    private NatsServer nats;

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres.beforeAll(context);
        nats = NatsServer.open();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (nats != null) {
                nats.close();
            }
        } finally {
            postgres.afterAll(context);
        }
    }

    public PostgresServer postgres() {
        return postgres.server();
    }

    public NatsServer nats() {
        return nats;
    }

    /** A new cluster: a fresh database named {@code prefix_N} and a cluster name of the same, unique to this process. */
    public Cluster newCluster(String prefix) {
        PostgresDatabases.Database database = postgres.newDatabase(prefix);
        return new Cluster(database.name(), database.url(),
                ClusterOptions.parse(nats.url(), database.name() + "_" + ProcessHandle.current().pid()));
    }
}
