package dev.parley.relay.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay run as people run it, {@code RelayMain} in a child JVM on the tests' class path: its stderr (the log) goes to
 * a file, its stdout is read by a thread of its own for as long as it runs, so the child never blocks on a full pipe
 * (after the first line it is dropped: the rest is the data folder, the web address and its QR code).
 * {@link #awaitStart} waits for the first stdout line and checks that it is the start line, which gives the host,
 * port and certificate fingerprint. {@link #kill()} is {@code kill -9},
 * {@link #stop} is SIGTERM (Ctrl-C); {@link #close()} kills it if it still runs.
 */
public final class RelayProcess implements AutoCloseable {
    /** The first line a relay prints: where it listens and its certificate's SHA-256. */
    public static final Pattern START_LINE = Pattern.compile(
            "Parley relay listening on wss://([0-9.]+):(\\d+) - certificate SHA-256 ([0-9A-F:]{95})");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String label;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> firstLine = new LinkedBlockingQueue<>(1);
    private String host;
    private int port;
    private String fingerprint;

    private RelayProcess(String label, Process process, Path log) {
        this.label = label;
        this.process = process;
        this.log = log;
    }

    /** {@code java [jvmOptions] -cp <the tests' class path> dev.parley.relay.cli.RelayMain [relayArgs]}. */
    public static List<String> javaCommand(List<String> jvmOptions, List<String> relayArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.parley.relay.cli.RelayMain"));
        command.addAll(relayArgs);
        return command;
    }

    /** Starts {@code command} (a {@link #javaCommand}, perhaps wrapped), its stderr into {@code log}; does not wait. */
    public static RelayProcess launch(String label, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        RelayProcess relay = new RelayProcess(label, process, log);
        Thread reader = new Thread(relay::readStdout, label + "-stdout");
        reader.setDaemon(true);
        reader.start();
        return relay;
    }

    /** {@link #launch} and {@link #awaitStart}. */
    public static RelayProcess start(String label, List<String> command, Path log, Duration timeout)
            throws IOException, InterruptedException {
        RelayProcess relay = launch(label, command, log);
        try {
            return relay.awaitStart(timeout);
        } catch (AssertionError | InterruptedException e) {
            relay.close();
            throw e;
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line = r.readLine();
            firstLine.add(line == null ? "(stdout closed before the first line)" : line);
            r.transferTo(Writer.nullWriter()); // the rest, to its end: a full pipe would block the relay
        } catch (IOException e) {
            firstLine.offer("(stdout failed: " + e + ")");
        }
    }

    /** Waits up to {@code timeout} for the first stdout line, which must be the start line. */
    public RelayProcess awaitStart(Duration timeout) throws InterruptedException {
        String first = firstLine.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(first).as("first stdout line of relay %s within %s (stderr: %s)", label, timeout, logTail())
                .isNotNull();
        Matcher m = START_LINE.matcher(first);
        assertThat(m.matches()).as("first line of relay %s: %s (stderr: %s)", label, first, logTail()).isTrue();
        host = m.group(1);
        port = Integer.parseInt(m.group(2));
        fingerprint = m.group(3);
        return this;
    }

    /** The address the start line names. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The certificate's SHA-256 as the start line prints it. */
    public String fingerprint() {
        return fingerprint;
    }

    /** {@code wss://host:port/}. */
    public URI uri() {
        return URI.create("wss://" + host + ":" + port + "/");
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}; returns the exit value once it has exited (fails the test if not within 10 s). */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(KILL_WAIT);
    }

    /** SIGTERM, as Ctrl-C; returns the exit value once it has exited (fails the test if not within {@code timeout}). */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        return awaitExit(timeout);
    }

    private int awaitExit(Duration timeout) throws InterruptedException {
        assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .as("relay %s exited within %s", label, timeout).isTrue();
        return process.exitValue();
    }

    /** The last 30 lines of its stderr. */
    public String logTail() {
        try {
            if (!Files.exists(log)) {
                return "(no log yet)";
            }
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills it if it still runs and waits (up to 10 s) for it to exit. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
