package dev.parley.relay.server;

import dev.parley.protocol.CertificateFingerprint;
import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.bus.nats.NatsBus;
import dev.parley.relay.core.Relay;
import dev.parley.relay.core.RelayDirectory;
import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.discovery.RelayAnnouncer;
import dev.parley.relay.metrics.RelayMetrics;
import dev.parley.relay.net.LeakDetection;
import dev.parley.relay.net.NettyRelayServer;
import dev.parley.relay.net.NetworkEngine;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.tls.RelayIdentity;
import dev.parley.relay.tls.ServerTls;
import dev.parley.relay.web.WebFiles;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running relay: TLS WebSocket server, relay logic and message store, wired together, and announced on the local
 * network when {@link RelayConfig#discovery()} is on. Used by the command line and by the desktop app to host a
 * relay in-process.
 */
public final class ParleyRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyRelay.class);
    private static final int STOP_TIMEOUT_MILLIS = 3000;

    private final NettyRelayServer server;
    private final String engine;
    private final Relay relay;
    private final MessageStore store;
    private final X509Certificate certificate;
    private final List<ExecutorService> executors;
    private final RelayConfig config;
    private final boolean logged;
    private final ServedMetrics metrics;
    private final ClusterBus bus;
    /** In a cluster: how often a relay says it is alive, when one not heard from is gone, how long a gap may wait. */
    private static final Duration CLUSTER_ALIVE_EVERY = Duration.ofSeconds(1);
    private static final Duration CLUSTER_GONE_AFTER = Duration.ofSeconds(3);
    private static final Duration CLUSTER_GAP_WAIT = Duration.ofMillis(200);
    private RelayAnnouncer announcer;
    private Warmup warmup;
    private boolean closed;

    private ParleyRelay(NettyRelayServer server, String engine, Relay relay, MessageStore store,
                        X509Certificate certificate, List<ExecutorService> executors, RelayConfig config,
                        boolean logged, ServedMetrics metrics, ClusterBus bus) {
        this.server = server;
        this.bus = bus;
        this.metrics = metrics;
        this.config = config;
        this.logged = logged;
        this.engine = engine;
        this.relay = relay;
        this.store = store;
        this.certificate = certificate;
        this.executors = executors;
    }

    /** Starts a relay and returns once it listens; announcing it goes on in the background and never fails it. */
    public static ParleyRelay start(RelayConfig config) throws IOException {
        return start(config, fingerprint -> RelayDirectory.NONE, null);
    }

    /**
     * As {@link #start(RelayConfig)}, with the directory of relays its {@code welcome} lists ({@code welcome.relays}),
     * made once its certificate is known.
     */
    public static ParleyRelay start(RelayConfig config, RelayDirectory.Source directory) throws IOException {
        return start(config, directory, null);
    }

    /**
     * The warm-up's private relay: on {@code host}'s event loops (left running when it closes), keeping its sessions
     * and its stop out of the log.
     */
    static ParleyRelay startPrivate(RelayConfig config, ParleyRelay host) throws IOException {
        return start(config, fingerprint -> RelayDirectory.NONE, host);
    }

    private static ParleyRelay start(RelayConfig config, RelayDirectory.Source directory, ParleyRelay host)
            throws IOException {
        boolean logged = host == null;
        LeakDetection.offUnlessAsked();
        RelayIdentity identity = RelayParts.identity(config);
        NetworkEngine engine = NetworkEngine.resolve(config.engine());
        SslContext tls = ServerTls.context(identity, engine.tls());
        WebFiles web = RelayParts.webFiles(config.web());
        try (Unwind unwind = new Unwind()) {
            // the warm-up's private relay counts nothing: its traffic is not the relay's
            RelayMetrics registry = host == null && config.metrics() != null
                    ? unwind.opened(new RelayMetrics(), RelayMetrics::close) : null;
            RelayEvents events = registry != null ? registry : RelayEvents.NONE;
            MessageStore store = unwind.opened(RelayParts.openStore(config, events), MessageStore::close);
            ScheduledExecutorService timers = unwind.opened(
                    Executors.newScheduledThreadPool(1, RelayParts.daemon("parley-timer")), ExecutorService::shutdownNow);
            ExecutorService readers = unwind.opened(
                    Executors.newFixedThreadPool(2, RelayParts.daemon("parley-reader")), ExecutorService::shutdownNow);

            Relay relay = new Relay(config, store, timers, readers, logged, events,
                    directory.forRelay(CertificateFingerprint.sha256(identity.certificate())));
            // the warm-up's private relay never joins the cluster; the others join before the first member can
            ClusterBus bus = host == null && config.cluster() != null
                    ? unwind.opened(new NatsBus(config.cluster()), ClusterBus::close) : null;
            if (bus != null) {
                relay.joinCluster(bus, CLUSTER_ALIVE_EVERY, CLUSTER_GONE_AFTER, CLUSTER_GAP_WAIT);
                unwind.opened(relay, Relay::leaveCluster);
            }
            NettyRelayServer server = unwind.opened(listen(config, relay, tls, engine, web, events, host),
                    s -> stopQuietly(s, "relay failed to start"));
            ServedMetrics metrics = registry == null ? null : ServedMetrics.start(config.metrics(), registry, relay,
                    server, store, bus, engine, config.handshakeTimeout().toMillis());
            unwind.keep();
            ParleyRelay running = new ParleyRelay(server, engine.description(), relay, store, identity.certificate(),
                    List.of(timers, readers), config, logged, metrics, bus);
            log.debug("listening on {}:{} (certificate SHA-256 {})", config.bind(), running.port(), running.fingerprint());
            if (config.discovery()) {
                running.announce(config);
            }
            return running;
        }
    }

    /** Why the cluster bus cannot carry events now; empty when connected or when the relay is on its own. */
    public Optional<String> clusterProblem() {
        return bus == null ? Optional.empty() : bus.problem();
    }

    private synchronized void announce(RelayConfig config) {
        if (!closed) {
            announcer = RelayAnnouncer.start(config.bind(), port(), config.name(), fingerprint(), cluster(config),
                    relay::online);
            relay.onOnlineChanged(announcer::peopleChanged);
        }
    }

    /**
     * The cluster this relay announces itself as one of: the database's identity, when it shares a database
     * ({@code --database}) and a bus ({@code --cluster}) with other relays; else {@code null}, a relay on its own.
     */
    private Announcement.Cluster cluster(RelayConfig config) {
        if (config.cluster() == null) {
            return null;
        }
        return store.clusterId().map(id -> Announcement.Cluster.of(id, config.cluster().name())).orElse(null);
    }

    /**
     * Brings the relay's code to its steady speed in the background (see {@link Warmup}): a few seconds of one core
     * once, instead of minutes of slower code and compiler work under the first live streams. Closing stops it.
     */
    public synchronized Warmup warmUp() {
        if (warmup == null && !closed) {
            warmup = Warmup.start(config, this);
        }
        return warmup;
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return server.port();
    }

    /** Where metrics and the health check are served (the real port when started with port 0), if they are. */
    public Optional<InetSocketAddress> metricsAddress() {
        return metrics == null ? Optional.empty() : Optional.of(metrics.address());
    }

    /** The transport and TLS implementation it runs on, e.g. "epoll, BoringSSL" or "NIO, JDK TLS". */
    public String engine() {
        return engine;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 fingerprint of the certificate, upper-case hex pairs joined by ':'. */
    public String fingerprint() {
        return CertificateFingerprint.sha256(certificate);
    }

    /**
     * Withdraws the announcement, stops admitting clients, commits and acknowledges what was received, closes
     * everyone with 1001.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (warmup != null) {
            warmup.cancel();
        }
        if (announcer != null) {
            announcer.withdraw(); // the goodbye goes out first; JmDNS repeats it while the server stops
        }
        relay.stopAccepting();
        try {
            store.flush();
            server.stop("relay shutting down", STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (bus != null) {
            relay.leaveCluster(); // the other relays let this relay's members go at once
            bus.close();
        }
        store.close();
        for (ExecutorService e : executors) {
            e.shutdownNow();
        }
        for (ExecutorService e : executors) {
            try {
                e.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
        if (announcer != null) {
            announcer.awaitWithdrawn();
        }
        if (metrics != null) {
            metrics.close(); // last: until here, /health said the relay is shutting down
        }
        if (logged) {
            log.info("stopped (close code {} sent to every client)", CloseCodes.GOING_AWAY);
        }
    }

    /** Listens: on its own event loops, or for the warm-up's private relay beside {@code host}'s. */
    private static NettyRelayServer listen(RelayConfig config, Relay relay, SslContext tls, NetworkEngine engine,
                                           WebFiles web, RelayEvents events, ParleyRelay host) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.bind(), config.port());
        try {
            return host == null ? NettyRelayServer.start(address, relay, config, tls, engine, web, events)
                    : NettyRelayServer.startBeside(host.server, address, relay, config, tls, engine, web);
        } catch (IOException e) {
            // native epoll says "bind(..) failed with error(-98): Address already in use": keep the words people read
            String why = String.valueOf(e.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
            throw new IOException("cannot listen on " + config.bind() + ":" + config.port() + ": " + why, e);
        }
    }

    private static void stopQuietly(NettyRelayServer server, String why) {
        try {
            server.stop(why, STOP_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
