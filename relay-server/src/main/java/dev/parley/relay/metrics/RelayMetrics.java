package dev.parley.relay.metrics;

import dev.parley.relay.RelayEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The relay's metrics in a Prometheus registry: counters and the store's commit histogram fed by
 * {@link RelayEvents}, gauges read from {@link GaugeSources} at each scrape, and the JVM's memory, garbage
 * collection, threads, CPU, open files and uptime. Names follow Prometheus's conventions ({@code parley_} prefix, base
 * units, {@code _total} for counters); labels come from fixed sets only, never from what a client sent.
 */
public final class RelayMetrics implements RelayEvents, AutoCloseable {
    /** What {@link #scrape()} returns: Prometheus's text format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The commit histogram's buckets: a group commit is one disk sync or two, milliseconds on a healthy disk. */
    private static final Duration[] COMMIT_BUCKETS = {
            Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Counter chats;
    private final Counter clips;
    private final Counter receipts;
    private final Counter deliveries;
    private final Counter deliveredBytes;
    private final Counter liveStarted;
    private final Counter slowConsumers;
    private final Counter lockouts;
    private final Counter commitFailures;
    private final Timer commits;
    private final Map<Refusal, Counter> refusals = new EnumMap<>(Refusal.class);
    private volatile int storeHealthy = 1;

    public RelayMetrics() {
        chats = Counter.builder("parley.messages.stored").tag("kind", "chat")
                .description("Chat and voice messages stored (committed), duplicates not counted").register(registry);
        clips = Counter.builder("parley.messages.stored").tag("kind", "voice")
                .description("Chat and voice messages stored (committed), duplicates not counted").register(registry);
        receipts = Counter.builder("parley.receipts.stored")
                .description("Played receipts stored (committed), duplicates not counted").register(registry);
        deliveries = Counter.builder("parley.deliveries")
                .description("WebSocket messages written to clients").register(registry);
        deliveredBytes = Counter.builder("parley.delivered").baseUnit("bytes")
                .description("Payload bytes of the WebSocket messages written to clients").register(registry);
        liveStarted = Counter.builder("parley.live.streams.started")
                .description("Live voice streams opened").register(registry);
        slowConsumers = Counter.builder("parley.slow.consumer.drops")
                .description("Clients closed with 1013 for falling too far behind").register(registry);
        lockouts = Counter.builder("parley.password.lockouts")
                .description("Addresses refused for a while after too many wrong room passwords").register(registry);
        commitFailures = Counter.builder("parley.store.commit.failures")
                .description("Group commits that failed (nothing of their batch was stored)").register(registry);
        commits = Timer.builder("parley.store.commit")
                .description("Time of one successful group commit: inserts, clip files, disk syncs")
                .serviceLevelObjectives(COMMIT_BUCKETS)
                .register(registry);
        for (Refusal r : Refusal.values()) {
            refusals.put(r, Counter.builder("parley.refusals").tag("reason", r.label())
                    .description("Connections closed and messages answered with an error for the client's doing, by reason")
                    .register(registry));
        }
        Gauge.builder("parley.store.healthy", () -> storeHealthy)
                .description("1 while the store's latest group commit succeeded, 0 after a failed one").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Registers the gauges that read the running relay (once, when it runs). */
    public void watch(GaugeSources sources) {
        Gauge.builder("parley.connections", () -> sources.webSockets().getAsInt()).tag("kind", "websocket")
                .description("Open connections on the relay's port: WebSockets, and others (TLS handshakes, web client"
                        + " requests)").register(registry);
        Gauge.builder("parley.connections",
                        () -> Math.max(0, sources.connections().getAsInt() - sources.webSockets().getAsInt()))
                .tag("kind", "other")
                .description("Open connections on the relay's port: WebSockets, and others (TLS handshakes, web client"
                        + " requests)").register(registry);
        Gauge.builder("parley.members", () -> sources.members().getAsInt())
                .description("Members joined to a room, all rooms together").register(registry);
        Gauge.builder("parley.rooms.occupied", () -> sources.occupiedRooms().getAsInt())
                .description("Rooms with at least one member").register(registry);
        Gauge.builder("parley.live.streams.open", () -> sources.liveStreams().getAsInt())
                .description("Live voice streams open now").register(registry);
    }

    /**
     * Registers the cluster bus's health (once, when the relay is in a cluster): whether it is connected, and the events
     * it lost (buffers full while disconnected or behind), as a counter that only grows.
     */
    public void watchClusterBus(BooleanSupplier connected, LongSupplier droppedEvents) {
        Gauge.builder("parley.cluster.bus.connected", () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while the cluster bus (NATS) is connected, 0 while it is not").register(registry);
        FunctionCounter.builder("parley.cluster.bus.dropped", droppedEvents, LongSupplier::getAsLong)
                .description("Events between relays lost by the cluster bus: buffers full while disconnected or behind")
                .register(registry);
    }

    /** Every metric, in Prometheus's text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void committed(int chats, int clips, int receipts, long nanos) {
        if (chats > 0) {
            this.chats.increment(chats);
        }
        if (clips > 0) {
            this.clips.increment(clips);
        }
        if (receipts > 0) {
            this.receipts.increment(receipts);
        }
        commits.record(nanos, TimeUnit.NANOSECONDS);
        storeHealthy = 1;
    }

    @Override
    public void commitFailed(long nanos) {
        commitFailures.increment();
        storeHealthy = 0;
    }

    @Override
    public void delivered(long frames, long bytes) {
        deliveries.increment(frames);
        deliveredBytes.increment(bytes);
    }

    @Override
    public void refused(Refusal why) {
        refusals.get(why).increment();
    }

    @Override
    public void lockedOut() {
        lockouts.increment();
    }

    @Override
    public void slowConsumerDropped() {
        slowConsumers.increment();
    }

    @Override
    public void liveStreamStarted() {
        liveStarted.increment();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
