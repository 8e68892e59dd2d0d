package dev.parley.bench;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Map;

/**
 * The helpers of this package that its sub-packages (the socket.io reference, {@code dev.parley.bench.socketio}) use,
 * in one public place: they call these instead of copying {@link ProcStats}, {@link Pinning}, {@link Histogram},
 * {@link Window}, {@link Report} and {@link Args}, so a reference measured there computes and prints its figures
 * exactly as {@code text} does for the relay and the bare Netty server.
 */
public final class BenchTools {
    private BenchTools() {
    }

    /** A client TLS context that trusts exactly the certificate with this SHA-256 fingerprint ({@link Pinning}). */
    public static SSLContext pinnedTls(String fingerprint) {
        return Pinning.context(fingerprint);
    }

    /** utime + stime of a process, in nanoseconds ({@link ProcStats#cpuNanos}). */
    public static long cpuNanos(long pid) {
        return ProcStats.cpuNanos(pid);
    }

    /** stime of a process, in nanoseconds ({@link ProcStats#systemNanos}). */
    public static long systemNanos(long pid) {
        return ProcStats.systemNanos(pid);
    }

    /** CPU of each thread of a process by "name#tid", in nanoseconds ({@link ProcStats#threadCpuNanos}). */
    public static Map<String, Long> threadCpuNanos(long pid) {
        return ProcStats.threadCpuNanos(pid);
    }

    /** The {@code n} threads that used the most CPU between two readings, as {@code text} prints them. */
    public static String topThreads(Map<String, Long> before, Map<String, Long> after, int n, double seconds) {
        return ChildServer.topThreads(before, after, n, seconds);
    }

    /** This load generator's own CPU time, in nanoseconds. */
    public static long generatorCpuNanos() {
        return Traffic.generatorCpuNanos();
    }

    /** What one measured window saw, as a {@link Window} (whose figures and printing {@code text} uses). */
    public static Measured window(double seconds, long sent, long deliveries, long bytes, long acks, Latencies latency,
                                  Latencies ack, long serverCpuNanos, long serverSystemNanos, long generatorCpuNanos,
                                  String hotThreads, long orderErrors) {
        return new Measured(new Window(seconds, sent, deliveries, bytes, acks, latency.histogram, ack.histogram,
                serverCpuNanos, serverSystemNanos, generatorCpuNanos, hotThreads, orderErrors));
    }

    /** Prints windows as {@code text} prints a phase: each figure as median [min .. max], hot threads, a verdict. */
    public static void printPhase(String title, List<Measured> windows, List<String> figures) {
        Report.printPhase(title, windows(windows), figures);
    }

    /** The median over windows of one figure (a name of {@link Measured#figures()}). */
    public static double median(List<Measured> windows, String figure) {
        return Report.median(windows(windows), figure);
    }

    /** A figure as the reports print it (e.g. "4.35", "12.6", "1,000"). */
    public static String num(double value) {
        return Report.num(value);
    }

    /** {@code --name value} options, unknown names refused ({@link Args}). */
    public static Options options(List<String> args) {
        return new Options(new Args(args));
    }

    static List<Window> windows(List<Measured> measured) {
        return measured.stream().map(m -> m.window).toList();
    }

    /** A latency histogram in microseconds ({@link Histogram}); not thread-safe. */
    public static final class Latencies {
        final Histogram histogram = new Histogram();

        public void record(long micros) {
            histogram.record(micros);
        }

        public void add(Latencies other) {
            histogram.add(other.histogram);
        }

        public long count() {
            return histogram.count();
        }

        public long quantile(double q) {
            return histogram.quantile(q);
        }

        public long max() {
            return histogram.max();
        }
    }

    /** One measured window; inside this package {@link #window} is the {@link Window} itself. */
    public static final class Measured {
        final Window window;

        Measured(Window window) {
            this.window = window;
        }

        /** Named figures, the same names as {@code text}'s ("latency p99 ms", "server CPU us/delivery", ...). */
        public Map<String, Double> figures() {
            return window.figures();
        }

        public double seconds() {
            return window.seconds();
        }

        public long sent() {
            return window.sent();
        }

        public long deliveries() {
            return window.deliveries();
        }

        public long orderErrors() {
            return window.orderErrors();
        }

        public String hotThreads() {
            return window.hotThreads();
        }
    }

    /** Command-line options ({@link Args}). */
    public static final class Options {
        private final Args args;

        Options(Args args) {
            this.args = args;
        }

        public int integer(String name, int otherwise) {
            return args.integer(name, otherwise);
        }

        public double decimal(String name, double otherwise) {
            return args.decimal(name, otherwise);
        }

        public String string(String name, String otherwise) {
            return args.string(name, otherwise);
        }

        public boolean flag(String name) {
            return args.flag(name);
        }

        public void checkAllUsed() {
            args.checkAllUsed();
        }
    }
}
