package dev.parley.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} (Debian's package; {@code .ci/run} installs it) on 127.0.0.1 and a port the OS chose, in a
 * temporary folder, stopped by PID: {@link #stop()} sends SIGTERM and then SIGKILL, {@link #start()} starts it again on
 * the same port (an outage). Optionally with a user and password ({@code --user/--pass}) or a smaller
 * {@code max_payload}. Its log is {@link #log()}, for a failing test's message.
 */
public final class NatsServer implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);
    private static final Duration STOP = Duration.ofSeconds(5);

    private final Path dir;
    private final Path logFile;
    private final String user;
    private final String password;
    private final Integer maxPayload;
    private int port;
    private Process process;

    private NatsServer(String user, String password, Integer maxPayload) throws IOException {
        this.user = user;
        this.password = password;
        this.maxPayload = maxPayload;
        this.dir = Files.createTempDirectory("parley-nats");
        this.logFile = dir.resolve("nats-server.log");
    }

    /** A server without authentication and with NATS's default {@code max_payload} (1 MiB), started. */
    public static NatsServer open() {
        return launch(null, null, null);
    }

    /** A server that admits only {@code user} with {@code password}, started. */
    public static NatsServer withCredentials(String user, String password) {
        return launch(user, password, null);
    }

    /** A server whose {@code max_payload} is {@code bytes}, started. */
    public static NatsServer withMaxPayload(int bytes) {
        return launch(null, null, bytes);
    }

    private static NatsServer launch(String user, String password, Integer maxPayload) {
        try {
            NatsServer server = new NatsServer(user, password, maxPayload);
            server.startOnFreePort();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code nats-server} binary: on the PATH, else Debian's {@code /usr/sbin/nats-server}. */
    public static Path binary() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(p.isEmpty() ? "." : p, "nats-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path debian = Path.of("/usr/sbin/nats-server");
        if (Files.isExecutable(debian)) {
            return debian;
        }
        throw new IllegalStateException("nats-server is not installed: apt-get install nats-server (.ci/run does)");
    }

    private void startOnFreePort() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress("127.0.0.1", 0));
                port = probe.getLocalPort();
            }
            try {
                start();
                return;
            } catch (IOException e) {
                last = e; // another process took the port between the probe and the server: pick another
            }
        }
        throw last;
    }

    /** Starts the server (again) on its port; returns once it accepts connections. */
    public synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running");
        }
        List<String> command = new ArrayList<>(List.of(binary().toString(), "-a", "127.0.0.1", "-p",
                String.valueOf(port), "--pid", dir.resolve("nats.pid").toString()));
        if (maxPayload != null) {
            Path config = dir.resolve("nats.conf");
            Files.writeString(config, "max_payload: " + maxPayload + "\n");
            command.addAll(List.of("-c", config.toString()));
        }
        if (user != null) {
            command.addAll(List.of("--user", user, "--pass", password));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + " on port " + port + ": "
                        + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                pause();
            }
        }
        stop();
        throw new IOException("nats-server did not accept connections on port " + port + " within " + READY);
    }

    /** Stops the server: SIGTERM, then SIGKILL if it has not exited within 5 s. Returns once it has exited. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /** {@code nats://127.0.0.1:PORT}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** {@code nats://USER:PASSWORD@127.0.0.1:PORT}. */
    public String url(String user, String password) {
        return "nats://" + user + ":" + password + "@127.0.0.1:" + port;
    }

    /** What the server has logged so far. */
    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
