package dev.parley.bench.socketio;

import dev.parley.bench.BenchTools;
import dev.parley.bench.BenchTools.Measured;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket.io reference of the {@code text} benchmark: socket.io 4.8.4 (the seed project's stack) in a node child
 * process, loaded by the same kind of client as the Parley relay and the bare Netty server (Java-WebSocket over TLS,
 * pinned to the server's certificate), at a fixed offered rate, with the same figures as {@code text}'s fixed-rate
 * phase. A scenario uses it as
 *
 * <pre>{@code
 * try (SocketIoReference io = SocketIoReference.start(SocketIoReference.Options.DEFAULTS)) {
 *     SocketIoReference.Result r = io.measure(50, 5, 1000, 4, 3, 3);
 *     r.print();
 *     double p99 = r.median("latency p99 ms"), cpu = r.median("server CPU us/delivery");
 * } catch (SocketIoReference.Unavailable e) {
 *     System.out.println(SocketIoReference.skipped(e));
 * }
 * }</pre>
 *
 * It needs node (20 or later) on the PATH and {@code npm ci --prefix benchmarks/socketio} done once; the server's
 * files are read from {@code benchmarks/socketio} (see {@link NodeServer#locate}), not from the jar.
 */
public final class SocketIoReference implements AutoCloseable {
    /** The figures {@code text} prints per phase, in its order. */
    public static final List<String> TEXT_FIGURES = List.of("sent/s", "delivered/s", "latency p50 ms", "latency p90 ms",
            "latency p99 ms", "latency max ms", "ack p99 ms", "server CPU us/delivery", "server CPU cores",
            "server kernel share %", "generator CPU cores", "order errors");

    /** Node or the socket.io package is missing here: the reference is skipped, and the message says what to install. */
    public static final class Unavailable extends IOException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * @param folder           the folder with server.js and node_modules, or null to look for it
     * @param node             the node executable, or null for the PATH's
     * @param pingIntervalMs   the server's ping interval, 0 for socket.io's default (25 s)
     * @param pingTimeoutMs    how long it waits for the pong, 0 for socket.io's default (20 s)
     */
    public record Options(Path folder, String node, long pingIntervalMs, long pingTimeoutMs) {
        public static final Options DEFAULTS = new Options(null, null, 0, 0);
    }

    /** The windows of one {@link #measure} with their setting; figures by the names of {@link #TEXT_FIGURES}. */
    public record Result(String engine, String tlsSession, int receivers, int senders, double rate,
                         List<Measured> windows) {
        /** The median over the windows of one figure, e.g. "latency p99 ms" or "server CPU us/delivery". */
        public double median(String figure) {
            return BenchTools.median(windows, figure);
        }

        public String title() {
            return "text, socket.io reference, " + BenchTools.num(rate) + " msgs/s offered, " + receivers
                    + " receivers + " + senders + " senders";
        }

        /** Prints the engine line and the phase table as {@code text} prints its phases. */
        public void print() {
            System.out.println();
            System.out.println("-- socket.io reference: " + engine + "; clients got " + tlsSession);
            BenchTools.printPhase(title(), windows, TEXT_FIGURES);
        }
    }

    private final NodeServer server;
    private final SSLContext tls;

    private SocketIoReference(NodeServer server) {
        this.server = server;
        this.tls = BenchTools.pinnedTls(server.fingerprint);
    }

    /** Starts the node server with a fresh certificate; {@link Unavailable} if node or node_modules are missing. */
    public static SocketIoReference start(Options options) throws IOException {
        String node = NodeServer.findNode(options.node());
        Path folder = NodeServer.locate(options.folder());
        List<String> args = new ArrayList<>();
        if (options.pingIntervalMs() > 0) {
            args.addAll(List.of("--ping-interval", Long.toString(options.pingIntervalMs())));
        }
        if (options.pingTimeoutMs() > 0) {
            args.addAll(List.of("--ping-timeout", Long.toString(options.pingTimeoutMs())));
        }
        return new SocketIoReference(NodeServer.start(folder, node, args));
    }

    /** The one line to print when it is skipped. */
    public static String skipped(Unavailable why) {
        return "socket.io reference skipped: " + why.getMessage();
    }

    /**
     * Connects {@code receivers} + {@code senders} members to one room, offers {@code rate} chat messages per second
     * (~100 bytes each) over all senders for {@code warmup} s, measures {@code runs} windows of {@code seconds} s,
     * then disconnects them. The server keeps running for another measure.
     */
    public Result measure(int receivers, int senders, double rate, int seconds, int runs, int warmup)
            throws IOException, InterruptedException {
        return measure(receivers, senders, rate, seconds, runs, warmup, 100);
    }

    /** The same with chat frames of about {@code bytes} bytes. */
    public Result measure(int receivers, int senders, double rate, int seconds, int runs, int warmup, int bytes)
            throws IOException, InterruptedException {
        if (!server.alive()) {
            throw new IOException("the socket.io server has stopped");
        }
        try (ChatLoad load = ChatLoad.connect(server, tls, receivers, senders, bytes)) {
            String session = load.tlsSession();
            List<Measured> windows = load.run(rate, warmup, seconds, runs);
            return new Result(engine(), session, receivers, senders, rate, windows);
        }
    }

    /** What the server runs on, e.g. "socket.io 4.8.4, node v20.20.2, OpenSSL 3.0.19". */
    public String engine() {
        return server.stated;
    }

    public String host() {
        return server.host;
    }

    public int port() {
        return server.port;
    }

    /** The SHA-256 fingerprint of this run's certificate. */
    public String fingerprint() {
        return server.fingerprint;
    }

    /** A client TLS context that trusts exactly this run's certificate. */
    public SSLContext tls() {
        return tls;
    }

    public long pid() {
        return server.pid();
    }

    /** Stops node (SIGTERM to its PID) and deletes the certificate and key. */
    @Override
    public void close() {
        server.close();
    }
}
