package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.testing.PostgresDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity a cluster is listed by on the LAN: one per PostgreSQL database, the same for every relay on it and
 * across restarts, different for another database; none for SQLite, which one relay uses alone.
 */
class ClusterIdentityTest {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases();
    @TempDir
    Path dir;

    /** A new empty database: its name. */
    private static String newDatabase() {
        return postgres.newDatabase("identity").name();
    }

    private static MessageStore open(String database) throws Exception {
        return PostgresMessageStore.open(PostgresUrl.parse(postgres.server().urlWithCredentials(database)),
                StoreFixture.KEEP_ALL, Clock.systemUTC(), RelayEvents.NONE);
    }

    @Test
    void relaysStartingTogetherOnOneDatabaseGetOneIdentityWhichOutlivesThem() throws Exception {
        String database = newDatabase();
        int relays = 3;
        ExecutorService pool = Executors.newFixedThreadPool(relays);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<MessageStore>> starting = new ArrayList<>();
        for (int i = 0; i < relays; i++) {
            starting.add(pool.submit(() -> {
                go.await();
                return open(database);
            }));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<MessageStore> f : starting) {
            try (MessageStore store = f.get(60, TimeUnit.SECONDS)) {
                ids.add(store.clusterId().orElseThrow());
            }
        }
        pool.shutdown();
        assertThat(ids.get(0)).matches("[0-9a-f]{32}");
        assertThat(ids).containsOnly(ids.get(0));
        try (MessageStore again = open(database)) {
            assertThat(again.clusterId()).as("after every relay stopped").contains(ids.get(0));
        }
        try (Connection c = postgres.server().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM cluster_identity")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void anotherDatabaseIsAnotherCluster() throws Exception {
        try (MessageStore one = open(newDatabase()); MessageStore two = open(newDatabase())) {
            assertThat(one.clusterId()).isPresent();
            assertThat(two.clusterId()).isPresent().isNotEqualTo(one.clusterId());
        }
    }

    @Test
    void sqliteIsNoCluster() throws Exception {
        try (MessageStore store = SqliteMessageStore.open(dir, StoreFixture.KEEP_ALL, Clock.systemUTC(),
                RelayEvents.NONE)) {
            assertThat(store.clusterId()).isEmpty();
        }
    }
}
