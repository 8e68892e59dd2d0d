package dev.parley.bench;

import dev.parley.bench.bare.BareNettyServer;
import dev.parley.bench.mumble.MumbleReference;
import dev.parley.bench.socketio.SocketIoReference;
import dev.parley.bench.support.ProcStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A server under test in a JVM of its own: the Parley relay ({@code RelayMain}) or the bare reference server,
 * started from this program's own class path, or an already running relay given by address and fingerprint
 * (then there is no process to measure). Its first stdout line gives the address and certificate fingerprint.
 * Or a reference server another class starts and stops: Mumble's server, murmurd, a native program that
 * {@link MumbleReference} starts, or socket.io's node child, which {@link SocketIoReference} starts.
 */
final class ChildServer implements AutoCloseable, Measured {
    private static final Pattern FIRST_LINE = Pattern.compile("wss://([^\\s]+):(\\d+) - certificate SHA-256 ([0-9A-F:]+)");
    private static final Pattern RELAY_ENGINE = Pattern.compile("network engine ([^.;]+)");
    private static final Pattern ENGINE_WORDS = Pattern.compile("(?i)transport|tls engine|epoll|openssl|boringssl");
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    /** How a relay someone else runs is named: {@code wss://host:port}. */
    static final Pattern REMOTE_URL = Pattern.compile("wss://([^/]+):(\\d+)/?");

    final String label;
    /** How reports name it: "Parley relay" or "bare Netty". */
    final String name;
    final String host;
    final int port;
    final String fingerprint;
    final Path dir;
    /** The server's process, whose CPU and memory /proc gives; null for a relay someone else runs. */
    private final ProcessHandle process;
    /** Stops the server and removes its temporary directory; null for a relay someone else runs. */
    private final Runnable stop;
    /** What the server's first line says after its fingerprint (its transport and TLS engine), or "". */
    private final String stated;
    /** The first of its next few stdout lines that names a transport or TLS engine, if the first line did not. */
    private volatile String statedLater;

    private ChildServer(String label, String name, String host, int port, String fingerprint, Path dir,
                        ProcessHandle process, Runnable stop, String stated) {
        this.label = label;
        this.name = name;
        this.host = host;
        this.port = port;
        this.fingerprint = fingerprint;
        this.dir = dir;
        this.process = process;
        this.stop = stop;
        this.stated = stated;
    }

    /**
     * The Parley relay, as {@code java -cp <classPath> dev.parley.relay.cli.RelayMain}, on loopback, rate limits
     * and LAN discovery off. {@code classPath} is normally this program's own (the relay is inside parley-bench.jar).
     */
    static ChildServer relay(List<String> jvmOptions, String classPath) throws IOException {
        return relay(jvmOptions, classPath, List.of());
    }

    /** The same, with more relay options after those (e.g. {@code --max-buffered-bytes 8388608}). */
    static ChildServer relay(List<String> jvmOptions, String classPath, List<String> relayOptions) throws IOException {
        Path dir = Files.createTempDirectory("parley-bench-relay");
        List<String> args = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--data",
                dir.resolve("data").toString(), "--no-rate-limits", "--no-discovery"));
        args.addAll(relayOptions);
        ChildServer relay = start("parley", "Parley relay", dir, jvmOptions, classPath, "dev.parley.relay.cli.RelayMain",
                args.toArray(new String[0]));
        if (!relayOptions.contains("--no-warmup")) {
            relay.awaitWarmup();
        }
        return relay;
    }

    /**
     * Waits for the relay's warm-up at start (its "warm-up" log line) to end, so that no measured window shares the
     * machine with it; prints how long it took from the start line.
     */
    private void awaitWarmup() throws IOException {
        long start = System.nanoTime();
        try (LogWatch done = LogWatch.start(this, "warm-up")) {
            while (done.seenNanos() < 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(120)) {
                Thread.sleep(20);
            }
            if (done.seenNanos() < 0) {
                throw new IOException("the relay did not finish its warm-up within 120 s; see " + dir.resolve("stderr.log"));
            }
            System.out.printf("-- Parley relay warmed up %.1f s after its start line%n",
                    (done.seenNanos() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the relay warmed up", e);
        }
    }

    /**
     * The bare Netty TLS broadcast server (the relay's engine, no storage, no validation); {@code serverArgs} such as
     * {@code --tls-engine jdk} or {@code --transport nio} choose its engine (default: native where it loads).
     */
    static ChildServer bare(List<String> jvmOptions, List<String> serverArgs, String name) throws IOException {
        Path dir = Files.createTempDirectory("parley-bench-bare");
        List<String> args = new ArrayList<>();
        args.add(dir.toString());
        args.addAll(serverArgs);
        return start("bare", name, dir, jvmOptions, System.getProperty("java.class.path"),
                BareNettyServer.class.getName(), args.toArray(new String[0]));
    }

    /** A relay someone else runs: nothing to measure but the traffic. */
    static ChildServer remote(String url, String fingerprint) {
        Matcher m = REMOTE_URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("--relay must look like wss://host:port, not " + url);
        }
        return new ChildServer("parley", "Parley relay", m.group(1), Integer.parseInt(m.group(2)),
                fingerprint.toUpperCase(), null, null, null, "");
    }

    /**
     * Mumble's server: murmurd (Debian's {@code mumble-server}, not Java, so without the common JVM options) on a free
     * loopback port, in a temporary directory of its own; see {@link MumbleReference#start}.
     */
    static ChildServer murmur(MumbleReference.Options options) throws IOException {
        MumbleReference murmur;
        try {
            murmur = MumbleReference.start(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while murmurd started");
        }
        ProcessHandle process = ProcessHandle.of(murmur.pid()).orElse(null);
        if (process == null) {
            murmur.close();
            throw new IOException("murmurd exited right after it started");
        }
        return new ChildServer("murmur", "murmur", MumbleReference.HOST, murmur.port(), murmur.fingerprint(), null,
                process, murmur::close, murmur.engine());
    }

    /** A socket.io reference server, started (node child) and stopped by {@link SocketIoReference}. */
    static ChildServer socketIo() throws IOException {
        SocketIoReference io = SocketIoReference.start(SocketIoReference.Options.DEFAULTS);
        return new ChildServer("socketio", "socket.io", io.host(), io.port(), io.fingerprint(), null,
                io.process().toHandle(), io::close, io.engine());
    }

    private static ChildServer start(String label, String name, Path dir, List<String> jvmOptions, String classPath, String main,
                                     String... args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ProcStats.STEADY_THREADS);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main);
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, label + "-stop")); // Ctrl-C stops the child too
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // the server's first line; JVM options such as JFR may print lines of their own before it
        String line = out.readLine();
        Matcher m = line == null ? null : FIRST_LINE.matcher(line);
        for (int skipped = 0; line != null && !m.find() && skipped < 20; skipped++) {
            line = out.readLine();
            m = line == null ? null : FIRST_LINE.matcher(line);
        }
        if (line == null || !m.find(0)) {
            p.destroyForcibly();
            throw new IOException(label + " server did not start (last line: " + line + "); see "
                    + dir.resolve("stderr.log"));
        }
        String stated = line.substring(m.end()).replaceFirst("^[\\s\\-;,]+", "").strip();
        ChildServer server = new ChildServer(label, name, m.group(1), Integer.parseInt(m.group(2)), m.group(3), dir,
                p.toHandle(), () -> stop(p, dir), stated);
        Thread drain = new Thread(() -> {
            try {
                String next;
                for (int n = 0; (next = out.readLine()) != null; n++) {
                    // keep the child's stdout pipe from filling up; note a later line that names the engine
                    if (n < 5 && server.statedLater == null && ENGINE_WORDS.matcher(next).find()) {
                        Matcher relayWords = RELAY_ENGINE.matcher(next); // the relay's "...; network engine X. Press..."
                        server.statedLater = relayWords.find() ? relayWords.group(1) : next.strip();
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
        }, label + "-stdout");
        drain.setDaemon(true);
        drain.start();
        return server;
    }

    /** The transport and TLS engine the server says it uses, as it says it ("not stated" if it does not). */
    String engine() {
        if (!stated.isEmpty()) {
            return stated;
        }
        String later = statedLater;
        if (later != null) {
            return later;
        }
        return process == null ? "remote, not known" : "not stated";
    }

    @Override
    public boolean measurable() {
        return process != null;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time of the server process so far (ns), or 0 for a remote relay. */
    @Override
    public long cpuNanos() {
        return process == null ? 0 : ProcStats.cpuNanos(process.pid());
    }

    /** Kernel CPU time of the server process so far (ns), or 0 for a remote relay. */
    @Override
    public long systemNanos() {
        return process == null ? 0 : ProcStats.systemNanos(process.pid());
    }

    @Override
    public long tickedCpuNanos() {
        return process == null ? 0 : ProcStats.tickedCpuNanos(process.pid());
    }

    @Override
    public Map<String, Long> threadCpu() {
        return process == null ? Map.of() : ProcStats.threadCpuNanos(process.pid());
    }

    long rssBytes() {
        return ProcStats.rssBytes(process.pid());
    }

    /** Live heap after a full GC, via {@code jcmd GC.run} then {@code GC.heap_info} (bytes). */
    long heapAfterGcBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher m = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info printed no heap use");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path javaBin = Path.of(ProcessHandle.current().info().command().orElse("java")).getParent();
        String jcmd = javaBin == null ? "jcmd" : javaBin.resolve("jcmd").toString();
        Process p = new ProcessBuilder(jcmd, Long.toString(process.pid()), command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + text);
        }
        return text;
    }

    /** The lines of the server's log that mention {@code word}, each on a line of its own ("" if none or remote). */
    String logLinesAbout(String word) {
        if (dir == null) {
            return "";
        }
        try (var lines = Files.lines(dir.resolve("stderr.log"))) {
            return lines.filter(l -> l.contains(word))
                    .map(l -> "\n    relay: " + l).collect(Collectors.joining());
        } catch (IOException | java.io.UncheckedIOException e) {
            return "\n    (relay log unreadable: " + e.getMessage() + ")";
        }
    }


    @Override
    public void close() {
        if (stop != null) {
            stop.run();
        }
    }

    private static void stop(Process process, Path dir) {
        process.destroy(); // SIGTERM: the relay flushes and closes everyone with 1001
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
