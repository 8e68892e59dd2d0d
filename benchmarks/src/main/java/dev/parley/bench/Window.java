package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one measurement window saw: traffic counted by the clients, CPU of the server process (from /proc) and of this
 * load generator (its own process CPU time). orderErrors: copies out of order at a receiver (a Parley frame whose seq
 * was not the receiver's previous + 1; with a reference server that numbers nothing, a copy whose number from its
 * sender was not that sender's previous + 1). besideCpuNanos: CPU of processes beside the server, by name (a cluster's
 * PostgreSQL and nats-server), each with figures of its own ("PostgreSQL CPU us/delivery", ...).
 * byRelay: with several relays, the latency of the copies members got from their sender's relay and from another
 * (through the cluster), with figures of their own; {@code null} for one server. Public for the reference servers' own
 * clients (a {@link TrafficLoad}).
 */
public record Window(double seconds, long sent, long deliveries, long bytes, long acks, Histogram latencyMicros,
              Histogram ackMicros, long serverCpuNanos, long serverSystemNanos, long generatorCpuNanos,
              String hotThreads, long orderErrors, Map<String, Long> besideCpuNanos, ByRelay byRelay) {

    static final int CORES = Runtime.getRuntime().availableProcessors();

    /**
     * Latencies of a load on several relays: copies to members on their sender's relay (the sender's own echo left
     * out), and copies to members on another relay.
     */
    public record ByRelay(Histogram sameMicros, Histogram otherMicros) {
        /** Empty histograms. */
        public ByRelay() {
            this(Latencies.histogram(), Latencies.histogram());
        }
    }

    /** A window of a server with nothing measured beside it. */
    public Window(double seconds, long sent, long deliveries, long bytes, long acks, Histogram latencyMicros,
                  Histogram ackMicros, long serverCpuNanos, long serverSystemNanos, long generatorCpuNanos,
                  String hotThreads, long orderErrors) {
        this(seconds, sent, deliveries, bytes, acks, latencyMicros, ackMicros, serverCpuNanos, serverSystemNanos,
                generatorCpuNanos, hotThreads, orderErrors, Map.of());
    }

    /** A window with processes measured beside the server, and no relay other than the sender's. */
    public Window(double seconds, long sent, long deliveries, long bytes, long acks, Histogram latencyMicros,
                  Histogram ackMicros, long serverCpuNanos, long serverSystemNanos, long generatorCpuNanos,
                  String hotThreads, long orderErrors, Map<String, Long> besideCpuNanos) {
        this(seconds, sent, deliveries, bytes, acks, latencyMicros, ackMicros, serverCpuNanos, serverSystemNanos,
                generatorCpuNanos, hotThreads, orderErrors, besideCpuNanos, null);
    }

    /** Order errors over every window of the phases given. */
    @SafeVarargs
    static double orderErrors(List<Window>... phases) {
        double n = 0;
        for (List<Window> p : phases) {
            for (Window w : p) {
                n += w.orderErrors();
            }
        }
        return n;
    }

    /** Named figures of this window, in a stable order. */
    public Map<String, Double> figures() {
        boolean measured = serverCpuNanos != 0 || serverSystemNanos != 0; // 0: a relay this program did not start
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("sent/s", sent / seconds);
        f.put("delivered/s", deliveries / seconds);
        f.put("delivered MB/s", bytes / seconds / 1e6);
        f.put("acks/s", acks / seconds);
        f.put("latency p50 ms", Latencies.millis(latencyMicros, 50));
        f.put("latency p90 ms", Latencies.millis(latencyMicros, 90));
        f.put("latency p99 ms", Latencies.millis(latencyMicros, 99));
        f.put("latency max ms", Latencies.maxMillis(latencyMicros));
        f.put("ack p50 ms", Latencies.millis(ackMicros, 50));
        f.put("ack p99 ms", Latencies.millis(ackMicros, 99));
        f.put("server CPU us/delivery", deliveries == 0 || !measured ? Double.NaN : serverCpuNanos / 1e3 / deliveries);
        f.put("server CPU ms/MB", bytes == 0 || !measured ? Double.NaN : serverCpuNanos / 1e6 / (bytes / 1e6));
        f.put("server CPU us/ack", acks == 0 || !measured ? Double.NaN : serverCpuNanos / 1e3 / acks);
        f.put("server CPU cores", measured ? serverCpuNanos / 1e9 / seconds : Double.NaN);
        f.put("server kernel share %", serverCpuNanos == 0 ? Double.NaN : 100.0 * serverSystemNanos / serverCpuNanos);
        f.put("generator CPU cores", generatorCpuNanos / 1e9 / seconds);
        f.put("order errors", (double) orderErrors);
        if (byRelay != null) {
            percentiles(f, "same-relay latency", byRelay.sameMicros());
            percentiles(f, "other-relay latency", byRelay.otherMicros());
        }
        besideCpuNanos.forEach((name, nanos) -> {
            f.put(name + " CPU us/delivery", deliveries == 0 ? Double.NaN : nanos / 1e3 / deliveries);
            f.put(name + " CPU ms/MB", bytes == 0 ? Double.NaN : nanos / 1e6 / (bytes / 1e6));
            f.put(name + " CPU cores", nanos / 1e9 / seconds);
        });
        return f;
    }

    /** "NAME p50 ms" and "NAME p99 ms" of {@code h}; NaN when it has no value. */
    private static void percentiles(Map<String, Double> f, String name, Histogram h) {
        boolean none = h.getTotalCount() == 0;
        f.put(name + " p50 ms", none ? Double.NaN : Latencies.millis(h, 50));
        f.put(name + " p99 ms", none ? Double.NaN : Latencies.millis(h, 99));
    }
}
