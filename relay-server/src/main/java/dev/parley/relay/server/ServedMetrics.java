package dev.parley.relay.server;

import dev.parley.relay.MetricsEndpoint;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.Relay;
import dev.parley.relay.metrics.GaugeSources;
import dev.parley.relay.metrics.RelayMetrics;
import dev.parley.relay.net.MetricsHttpServer;
import dev.parley.relay.net.NettyRelayServer;
import dev.parley.relay.net.NetworkEngine;
import dev.parley.relay.store.MessageStore;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A running relay's metrics as the operator reads them ({@code --metrics}): the registry's gauges bound to the relay,
 * the health check, and the plain-HTTP listener serving both. Closing it stops the listener and lets the registry go.
 */
final class ServedMetrics implements AutoCloseable {
    /** How long {@code /health} waits for the store's answer before it says the store is not answering. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);

    private final RelayMetrics registry;
    private final Readiness readiness;
    private final MetricsHttpServer listener;
    private final MetricsEndpoint at;

    private ServedMetrics(RelayMetrics registry, Readiness readiness, MetricsHttpServer listener, MetricsEndpoint at) {
        this.registry = registry;
        this.readiness = readiness;
        this.listener = listener;
        this.at = at;
    }

    /**
     * Binds the gauges of {@code registry} to the running relay and starts serving it on {@code at}; throws, saying so,
     * when it cannot listen there (then {@code registry} is still the caller's to close).
     *
     * @param bus           the cluster bus, or {@code null} for a relay on its own
     * @param requestMillis how long a metrics connection has for each whole request
     */
    static ServedMetrics start(MetricsEndpoint at, RelayMetrics registry, Relay relay, NettyRelayServer server,
                               MessageStore store, ClusterBus bus, NetworkEngine engine, long requestMillis)
            throws IOException {
        registry.watch(new GaugeSources(server::connections, server::webSockets, relay::online, relay::occupiedRooms,
                relay::liveStreams));
        if (bus != null) {
            registry.watchClusterBus(bus::connected, bus::droppedEvents);
        }
        Readiness readiness = new Readiness(relay::accepting, store, relay::online, relay::occupiedRooms, HEALTH_TIMEOUT,
                bus == null ? Optional::empty : bus::problem);
        InetSocketAddress address = new InetSocketAddress(at.host(), at.port());
        try {
            if (address.isUnresolved()) {
                throw new IOException("cannot resolve " + at.host());
            }
            MetricsHttpServer listener = MetricsHttpServer.start(address, new MetricsHttpServer.Pages() {
                @Override
                public String metricsContentType() {
                    return RelayMetrics.CONTENT_TYPE;
                }

                @Override
                public String metrics() {
                    return registry.scrape();
                }

                @Override
                public CompletionStage<MetricsHttpServer.Health> health() {
                    return readiness.check();
                }
            }, engine, requestMillis);
            return new ServedMetrics(registry, readiness, listener, at);
        } catch (IOException e) {
            readiness.close();
            // native epoll says "bind(..) failed with error(-98): Address already in use": keep the words people read
            String why = String.valueOf(e.getMessage()).replaceFirst("^bind\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
            throw new IOException("cannot serve metrics on " + at + ": " + why, e);
        }
    }

    /** Where it listens (the real port when started with port 0). */
    InetSocketAddress address() {
        return new InetSocketAddress(at.host(), listener.port());
    }

    @Override
    public void close() {
        listener.close();
        readiness.close();
        registry.close();
    }
}
