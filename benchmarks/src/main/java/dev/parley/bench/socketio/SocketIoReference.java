package dev.parley.bench.socketio;

import dev.parley.bench.ReferenceUnavailable;
import dev.parley.bench.TrafficLoad;
import dev.parley.bench.support.Pinning;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The socket.io reference of the {@code text} benchmark: socket.io 4.8.4 (the seed project's stack) in a node child
 * process, loaded by the same kind of client as the Parley relay and the bare Netty server (Java-WebSocket over TLS,
 * pinned to the server's certificate) at a fixed offered rate, measured into the same windows as {@code text}'s
 * fixed-rate phase. {@code text} reaches it through {@code Targets.SOCKET_IO}: {@link #start} when the scenario starts
 * the server, {@link #connect} for its members ({@link TrafficLoad}).
 *
 * <p>It needs node on the PATH and {@code npm ci --prefix benchmarks/socketio} done once, else {@link #start} throws
 * {@link ReferenceUnavailable} saying what to install; the server's files are read from {@code benchmarks/socketio}
 * (see {@link NodeServer#locate}), not from the jar.
 */
public final class SocketIoReference implements AutoCloseable {
    /**
     * @param folder           the folder with server.js and node_modules, or null to look for it
     * @param node             the node executable, or null for the PATH's
     * @param pingIntervalMs   the server's ping interval, 0 for socket.io's default (25 s)
     * @param pingTimeoutMs    how long it waits for the pong, 0 for socket.io's default (20 s)
     */
    public record Options(Path folder, String node, long pingIntervalMs, long pingTimeoutMs) {
        public static final Options DEFAULTS = new Options(null, null, 0, 0);
    }

    private final NodeServer server;
    private final SSLContext tls;

    private SocketIoReference(NodeServer server) {
        this.server = server;
        this.tls = Pinning.context(server.fingerprint);
    }

    /** Starts the node server with a fresh certificate; {@link ReferenceUnavailable} if node or node_modules are missing. */
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

    /**
     * Connects {@code receivers} + {@code senders} members (chat events of about {@code bytes} bytes) to one room of
     * the server at {@code host:port}, whose CPU is read from process {@code pid}. Fixed offered rate only
     * ({@link TrafficLoad#windowed()} is false).
     */
    public static TrafficLoad connect(String host, int port, SSLContext tls, long pid, int receivers, int senders,
                                      int bytes) throws IOException, InterruptedException {
        return ChatLoad.connect(host, port, tls, pid, receivers, senders, bytes);
    }

    /** The same on this server. */
    public TrafficLoad connect(int receivers, int senders, int bytes) throws IOException, InterruptedException {
        if (!server.alive()) {
            throw new IOException("the socket.io server has stopped");
        }
        return connect(host(), port(), tls, pid(), receivers, senders, bytes);
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

    /** The node child, for reading its CPU time; stop it with {@link #close()}, which also deletes the key. */
    public Process process() {
        return server.process();
    }

    /** Stops node (SIGTERM to its PID) and deletes the certificate and key. */
    @Override
    public void close() {
        server.close();
    }
}
