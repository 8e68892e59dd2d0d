package dev.parley.bench;

import dev.parley.bench.cluster.NatsProcess;
import dev.parley.bench.cluster.PostgresProcess;
import dev.parley.bench.support.Pinning;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the cluster scenario loads, started on this machine: one relay on SQLite (its default), or several relays that
 * share one PostgreSQL database and fan out to each other through one nats-server ({@code --database},
 * {@code --cluster}). Closing it stops every process it started, relays first.
 */
final class Deployment implements AutoCloseable {
    /** How reports name the processes beside a cluster's relays, whose CPU they count apart. */
    static final String POSTGRES = "PostgreSQL";
    static final String NATS = "nats-server";

    /** How phase titles name it: "one relay on SQLite" or "2 relays + PostgreSQL + NATS". */
    final String title;
    final Relays relays;
    /** What runs, for the summary: the relays' engine and TLS, and PostgreSQL's and nats-server's versions. */
    final String servers;
    /** The processes beside the relays, in the order reports list them (none for one relay). */
    final List<String> beside;
    private final List<AutoCloseable> started;
    /** The cluster's database server, or null for one relay on SQLite. */
    private final PostgresProcess database;

    private Deployment(String title, Relays relays, String servers, List<String> beside, List<AutoCloseable> started,
                       PostgresProcess database) {
        this.title = title;
        this.relays = relays;
        this.servers = servers;
        this.beside = beside;
        this.started = started;
        this.database = database;
    }

    /** PostgreSQL's counters now; empty for one relay on SQLite. */
    Optional<PostgresProcess.Activity> databaseActivity() throws IOException {
        return database == null ? Optional.empty() : Optional.of(database.activity());
    }

    /** One relay on SQLite in its data directory, as the common options start it. */
    static Deployment single(Servers servers) throws IOException {
        ChildServer relay = servers.relay(List.of());
        return new Deployment("one relay on SQLite", Relays.one(relay, Pinning.context(relay.fingerprint)),
                "one relay: " + relay.engine(), List.of(), List.of(relay), null);
    }

    /**
     * A fresh PostgreSQL with an empty database and a fresh nats-server, then {@code n} relays started one after the
     * other on them (each with its own data directory for its certificate).
     */
    static Deployment cluster(Servers servers, int n) throws IOException {
        return cluster(servers, n, List.of(), "");
    }

    /**
     * As above, the relays started with more JVM options ({@code relayJvm}), and {@code variant} after the title
     * (e.g. ", clips by reference").
     */
    static Deployment cluster(Servers servers, int n, List<String> relayJvm, String variant) throws IOException {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            PostgresProcess pg = PostgresProcess.start();
            started.add(pg);
            String database = pg.createDatabase("parley");
            NatsProcess nats = NatsProcess.start();
            started.add(nats);
            List<ChildServer> relays = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ChildServer relay = servers.relay(relayJvm,
                        List.of("--database", database, "--cluster", nats.url()));
                started.add(0, relay); // relays stop before the servers they use
                relays.add(relay);
            }
            Map<String, LongSupplier> beside = new LinkedHashMap<>();
            beside.put(POSTGRES, pg::cpuNanos);
            beside.put(NATS, nats::cpuNanos);
            Relays cluster = Relays.cluster(relays, beside);
            return new Deployment(n + " relay" + (n == 1 ? "" : "s") + " + PostgreSQL + NATS" + variant, cluster,
                    n + " relays: " + relays.get(0).engine() + "; " + pg.version() + "; " + nats.version(),
                    List.of(POSTGRES, NATS), started, pg);
        } catch (IOException | RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> started) {
        for (AutoCloseable c : started) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("could not stop " + c + ": " + e.getMessage());
            }
        }
    }
}
