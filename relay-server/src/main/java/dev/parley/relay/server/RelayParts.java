package dev.parley.relay.server;

import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.WebClient;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.SqliteMessageStore;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.tls.RelayIdentity;
import dev.parley.relay.web.WebFiles;

import java.io.IOException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How each part a relay opens before it listens is made from its config: its certificate and key, its message store,
 * the web client's files, its worker threads.
 */
final class RelayParts {
    private RelayParts() {
    }

    /** The keystore's key and certificate ({@code --keystore}), else those generated once into the data directory. */
    static RelayIdentity identity(RelayConfig config) throws IOException {
        if (config.keystore() == null) {
            return RelayIdentity.loadOrGenerate(config.dataDir());
        }
        char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
        return RelayIdentity.load(config.keystore(), password);
    }

    /** PostgreSQL when {@link RelayConfig#database()} names one, else SQLite in the data directory. */
    static MessageStore openStore(RelayConfig config, RelayEvents events) throws IOException {
        if (config.database() != null) {
            PostgresUrl url;
            try {
                url = PostgresUrl.parse(config.database());
            } catch (IllegalArgumentException e) {
                throw new IOException("--database: " + e.getMessage(), e);
            }
            return PostgresMessageStore.open(url, config.retention(), config.clock(), events);
        }
        return SqliteMessageStore.open(config.dataDir(), config.retention(), config.clock(), events);
    }

    /** The web client's files, read before anything listens, or {@code null} when it is off. */
    static WebFiles webFiles(WebClient web) throws IOException {
        if (!web.enabled()) {
            return null;
        }
        try {
            return web.folder() != null ? WebFiles.fromFolder(web.folder()) : WebFiles.builtIn();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, … */
    static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
