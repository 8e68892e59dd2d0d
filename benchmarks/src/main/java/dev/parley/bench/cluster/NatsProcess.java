package dev.parley.bench.cluster;

import dev.parley.bench.support.ProcStats;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code nats-server} for one benchmark run (NATS core, no JetStream, default settings) on 127.0.0.1 and a free port,
 * its log in a temporary folder; stopped by PID (SIGTERM, then SIGKILL). Found on the PATH, else Debian's
 * {@code /usr/sbin/nats-server} ({@code apt-get install nats-server}).
 */
public final class NatsProcess implements AutoCloseable {
    private static final Duration READY = Duration.ofSeconds(15);
    private static final Duration STOP = Duration.ofSeconds(5);

    private final Path dir;
    private final int port;
    private final Process process;

    private NatsProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Why nats-server cannot run here, in one line saying how to install it, or empty if it can. */
    public static Optional<String> unavailable() {
        return binary().isPresent() ? Optional.empty()
                : Optional.of("nats-server is not installed: no nats-server on the PATH or in /usr/sbin (Debian: "
                + "apt-get install nats-server)");
    }

    /** Starts one on a free port; returns once it accepts connections. */
    public static NatsProcess start() throws IOException {
        Path binary = binary().orElseThrow(() -> new IOException(unavailable().orElseThrow()));
        Path dir = Files.createTempDirectory("parley-bench-nats");
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = PostgresProcess.freePort();
            Process p = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats-server.log").toFile())).start();
            NatsProcess nats = new NatsProcess(dir, port, p);
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "nats-stop")); // Ctrl-C stops it too
            try {
                nats.awaitReady();
                return nats;
            } catch (IOException e) {
                nats.stop();
                last = e; // most likely another program took the port between the probe and the server: another
            }
        }
        delete(dir);
        throw last;
    }

    /** {@code nats://127.0.0.1:PORT}. */
    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** "nats-server v2.9.10" as its log's first lines say, or "nats-server". */
    public String version() {
        try (Stream<String> lines = Files.lines(dir.resolve("nats-server.log"))) {
            return lines.filter(l -> l.contains("Version:")).findFirst()
                    .map(l -> "nats-server " + l.substring(l.indexOf("Version:") + 8).strip()).orElse("nats-server");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "nats-server";
        }
    }

    /** CPU time of the server process so far (ns). */
    public long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    @Override
    public void close() {
        stop();
        delete(dir);
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nats-server exited with " + process.exitValue() + " on port " + port + ": "
                        + Files.readString(dir.resolve("nats-server.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while nats-server started", e);
                }
            }
        }
        throw new IOException("nats-server did not accept connections on port " + port + " within " + READY);
    }

    private void stop() {
        if (!process.isAlive()) {
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

    private static Optional<Path> binary() {
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(p.isEmpty() ? "." : p, "nats-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path debian = Path.of("/usr/sbin/nats-server");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
