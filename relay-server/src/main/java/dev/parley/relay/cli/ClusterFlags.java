package dev.parley.relay.cli;

import dev.parley.protocol.RelayAddress;
import dev.parley.relay.ClusterOptions;
import dev.parley.relay.store.postgres.PostgresUrl;
import picocli.CommandLine.Option;

/**
 * The relay's flags for running in a cluster ({@code --database}, {@code --cluster}, {@code --cluster-name},
 * {@code --advertise}), mixed into {@link RelayCommand}, each read back checked: a bad value throws
 * {@link IllegalArgumentException} naming its flag.
 */
final class ClusterFlags {
    @Option(names = "--advertise", paramLabel = "wss://HOST:PORT", description = "The address clients use for this relay, e.g. wss://relay1.example.lan:55555: every welcome lists it with this relay's certificate fingerprint, so apps can fail over to it from another relay of the cluster (default: not listed). Give a name or address every client can reach, where this relay presents this certificate.")
    String advertise;

    @Option(names = "--cluster", paramLabel = "nats://HOST:PORT[,...]", description = "Join a cluster of relays that share events through NATS: its servers, comma-separated; credentials as nats://USER:PASSWORD@HOST:PORT are never logged (default: a relay on its own).")
    String cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "With --cluster: the cluster's name, which keeps several clusters on one NATS apart; 1-32 letters, digits, _ or - (default: " + ClusterOptions.DEFAULT_NAME + ").")
    String clusterName;

    @Option(names = "--database", paramLabel = "URL", description = "Store messages, clips and receipts in PostgreSQL instead of SQLite in the data directory, e.g. jdbc:postgresql://db.lan:5432/parley; relays sharing one database share one history (a cluster). Log in with the URL's user and password parameters or PGUSER and PGPASSWORD; the password is never logged (default: SQLite in the data directory).")
    String database;

    /** {@code --advertise} in the form welcome lists it ({@code wss://host:port/}), or {@code null}. */
    String advertised() {
        if (advertise == null) {
            return null;
        }
        try {
            return RelayAddress.normalizeUrl(advertise);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--advertise: " + e.getMessage());
        }
    }

    ClusterOptions clusterOptions() {
        if (cluster == null) {
            if (clusterName != null) {
                throw new IllegalArgumentException("--cluster-name needs --cluster");
            }
            return null;
        }
        if (clusterName != null) {
            try {
                ClusterOptions.checkName(clusterName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--cluster-name: " + e.getMessage());
            }
        }
        try {
            return ClusterOptions.parse(cluster, clusterName == null ? ClusterOptions.DEFAULT_NAME : clusterName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster: " + e.getMessage());
        }
    }

    /** The --database URL, checked (the connection is tried at start), or {@code null} for SQLite. */
    String database() {
        if (database == null) {
            return null;
        }
        try {
            PostgresUrl.parse(database);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--database: " + e.getMessage());
        }
        return database.strip();
    }
}
