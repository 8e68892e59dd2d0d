package dev.parley.relay.store;

import dev.parley.relay.Retention;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

/** The store contract on SQLite: a data directory per test. */
class SqliteStoreContractTest extends MessageStoreContract {
    @TempDir
    Path dir;

    @Override
    protected MessageStore openStore(Retention retention, Clock clock) {
        return StoreFixture.open(dir, retention, clock);
    }
}
