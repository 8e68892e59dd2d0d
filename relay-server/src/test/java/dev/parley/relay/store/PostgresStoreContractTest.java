package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.testing.PostgresDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** The store contract on PostgreSQL: a real server for the class, an empty database per test. */
class PostgresStoreContractTest extends MessageStoreContract {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases();
    private String url;

    @BeforeEach
    void createDatabase() {
        url = postgres.newDatabase("contract").url();
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
