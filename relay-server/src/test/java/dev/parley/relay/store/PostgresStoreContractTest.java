package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;

/** The store contract on PostgreSQL: a real server for the class, an empty database per test. */
class PostgresStoreContractTest extends MessageStoreContract {
    private static final AtomicInteger databases = new AtomicInteger();
    private static PostgresServer server;
    private String url;

    @BeforeAll
    static void startServer() {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void createDatabase() {
        url = server.createDatabase("contract_" + databases.incrementAndGet());
    }

    @Override
    protected MessageStore openStore(Retention retention, Clock clock) {
        try {
            return PostgresMessageStore.open(PostgresUrl.parse(url), retention, clock, RelayEvents.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
