package dev.parley.bench.mumble;

import dev.parley.bench.support.Pinning;
import dev.parley.bench.support.ProcStats;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Mumble's server as a reference for the {@code live} scenario: murmur's CPU per listener-second while one speaker
 * streams Opus-sized voice packets in real time to L listeners in its channel, over TLS on the TCP control channel
 * (UDPTunnel), as Parley's live voice travels over TLS WebSockets.
 *
 * <pre>{@code
 * Optional<String> why = MumbleReference.unavailable(Options.defaults());   // e.g. murmurd not installed
 * if (why.isPresent()) { print("Mumble reference skipped: " + why.get()); }
 * else try (MumbleReference mumble = MumbleReference.start(Options.defaults())) {
 *     MumbleReference.Result r = mumble.measure(20, 5, 3);   // 20 listeners, 3 messages of 5 s
 *     r.cpuMsPerListenerSecond().median();
 * }
 * }</pre>
 *
 * <p>This class is murmurd as a child process ({@link MurmurServer}) and the measurement loop around it; the clients
 * and what they send and check are a {@link MumbleRoom}. Per {@link #measure}: a room of L listeners and one speaker
 * (fresh names), a warm-up transmission (not counted), the server's idle CPU with everyone connected, then M
 * transmissions of N seconds, one packet per {@value #FRAME_MS} ms by the clock. murmur's CPU (utime + stime from
 * {@code /proc/<pid>/stat}, 10 ms ticks) is read before the first packet of each transmission and after every listener
 * has its last one.
 */
public final class MumbleReference implements AutoCloseable {
    public static final int FRAME_MS = 20;
    /** The address murmur listens on. */
    public static final String HOST = MurmurServer.HOST;

    /** {@code murmurd}: a path, or null to look on the PATH and in /usr/sbin. */
    public record Options(String murmurd, int warmupSeconds, int idleSeconds, int opusBytes, long seed) {
        public Options {
            if (warmupSeconds < 0 || idleSeconds < 0 || opusBytes < 1 || opusBytes > VoicePacket.MAX_OPUS_BYTES) {
                throw new IllegalArgumentException("warm-up and idle seconds >= 0, Opus bytes 1.."
                        + VoicePacket.MAX_OPUS_BYTES);
            }
        }

        /** 3 s of warm-up, 3 s of idle, 79-byte frames (what a Mumble 1.3 client sent in the hand measurement). */
        public static Options defaults() {
            return new Options(null, 3, 3, 79, 20261207L);
        }
    }

    /** murmurd is not there to start. Its message is one line saying how to install it. */
    public static final class Unavailable extends IOException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    /** Median, minimum and maximum over a measurement's transmissions. */
    public record Range(double median, double min, double max) {
        static Range of(double[] values) {
            if (values.length == 0) {
                return new Range(Double.NaN, Double.NaN, Double.NaN);
            }
            double[] v = values.clone();
            Arrays.sort(v);
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Range(median, v[0], v[v.length - 1]);
        }

        /** "1.23 [1.10 .. 1.40]" with {@code format} for each number. */
        public String format(String format) {
            return String.format(format, median) + " [" + String.format(format, min) + " .. "
                    + String.format(format, max) + "]";
        }
    }

    /** One measured transmission: wall time from the first packet's send to the last listener's last packet. */
    public record Transmission(double wallSeconds, double serverCpuMs, double serverKernelMs, double generatorCpuMs) {
    }

    /** What one {@link #measure} found. */
    public record Result(int listeners, double audioSecondsPerMessage, List<Transmission> transmissions,
                         double idleCorePercent, long expectedCopies, long exactCopies, long missingCopies,
                         long outOfOrder, long wrongBytes, long strays, double latencyP50Ms, double latencyP99Ms,
                         double latencyMaxMs, double sendLagP99Ms, double sendLagMaxMs, String tls, String loadBefore,
                         String loadAfter, List<String> problems) {

        /** Server CPU ms ÷ (L × audio seconds), per transmission. */
        public Range cpuMsPerListenerSecond() {
            return Range.of(transmissions.stream()
                    .mapToDouble(t -> t.serverCpuMs() / (listeners * audioSecondsPerMessage)).toArray());
        }

        /** The same, less the server's idle CPU over the same wall time. */
        public Range cpuMsPerListenerSecondNetOfIdle() {
            return Range.of(transmissions.stream()
                    .mapToDouble(t -> (t.serverCpuMs() - idleCorePercent / 100 * t.wallSeconds() * 1000)
                            / (listeners * audioSecondsPerMessage)).toArray());
        }

        /** Server CPU as % of one core while streaming. */
        public Range corePercent() {
            return Range.of(transmissions.stream()
                    .mapToDouble(t -> 100 * t.serverCpuMs() / 1000 / t.wallSeconds()).toArray());
        }

        /** The kernel's share of the server's CPU (%). */
        public Range kernelPercent() {
            return Range.of(transmissions.stream().filter(t -> t.serverCpuMs() > 0)
                    .mapToDouble(t -> 100 * t.serverKernelMs() / t.serverCpuMs()).toArray());
        }

        /** This JVM's CPU (speaker, listeners, checks) as % of one core while streaming. */
        public Range generatorCorePercent() {
            return Range.of(transmissions.stream()
                    .mapToDouble(t -> 100 * t.generatorCpuMs() / 1000 / t.wallSeconds()).toArray());
        }

        /** Every listener got every packet, exact and in order, and nothing went wrong. */
        public boolean complete() {
            return exactCopies == expectedCopies && missingCopies == 0 && outOfOrder == 0 && wrongBytes == 0
                    && problems.isEmpty();
        }
    }

    private final MurmurServer server;
    private final Options options;
    private final SSLContext tls;
    private int runs;

    private MumbleReference(MurmurServer server, Options options) {
        this.server = server;
        this.options = options;
        this.tls = Pinning.context(server.fingerprint);
    }

    /** Why the reference cannot run here (one line, with how to fix it), or empty if it can. */
    public static Optional<String> unavailable(Options options) {
        if (MurmurServer.find(options.murmurd()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(options.murmurd() == null ? MurmurServer.INSTALL_HINT
                : options.murmurd() + " is not an executable file (Debian: apt-get install -y mumble-server)");
    }

    /**
     * Starts murmurd on a free loopback port with a certificate generated for it.
     *
     * @throws Unavailable if murmurd is not installed (see {@link #unavailable})
     */
    public static MumbleReference start(Options options) throws IOException, InterruptedException {
        Optional<Path> murmurd = MurmurServer.find(options.murmurd());
        if (murmurd.isEmpty()) {
            throw new Unavailable(unavailable(options).orElse(MurmurServer.INSTALL_HINT));
        }
        return new MumbleReference(MurmurServer.start(murmurd.get()), options);
    }

    /** "murmur 1.3.4 (1.3.4-4) on 127.0.0.1:40123, pid 123, runs as mumble-server". */
    public String describe() {
        return "murmur " + server.version + " on " + HOST + ":" + server.port + ", pid " + server.pid() + ", runs as "
                + server.runsAs;
    }

    /** "murmur 1.3.4 (1.3.4-4), runs as mumble-server". */
    public String engine() {
        return "murmur " + server.version + ", runs as " + server.runsAs;
    }

    public int port() {
        return server.port;
    }

    /** The SHA-256 fingerprint of murmur's certificate, which every client pins. */
    public String fingerprint() {
        return server.fingerprint;
    }

    /** murmurd's process id, whose CPU time /proc gives. */
    public long pid() {
        return server.pid();
    }

    /** A client of this server without pings, for tests. */
    MumbleClient connect(String username, MumbleClient.VoiceHandler voice) throws IOException, InterruptedException {
        return MumbleClient.connect(HOST, server.port, tls, username, voice, null, Duration.ZERO,
                MumbleRoom.CONNECT_TIMEOUT);
    }

    /** L listeners and a speaker, {@code messages} transmissions of {@code seconds} each; see the class comment. */
    public Result measure(int listeners, int seconds, int messages) throws IOException, InterruptedException {
        if (listeners < 1 || seconds < 1 || messages < 1) {
            throw new IllegalArgumentException("listeners, seconds and messages must be >= 1");
        }
        int run = ++runs;
        String loadBefore = ProcStats.loadAverage();
        List<String> problems = new ArrayList<>();
        List<MumbleRoom.Delivery> measured = new ArrayList<>();
        List<Transmission> transmissions = new ArrayList<>();
        double idleCorePercent = Double.NaN;
        String tlsUsed;
        long strays;
        try (MumbleRoom room = MumbleRoom.join(HOST, server.port, tls, "run" + run + "-", listeners,
                options.opusBytes(), options.seed())) {
            tlsUsed = room.tls();
            if (options.warmupSeconds() > 0) {
                addProblem(problems, room.transmit(options.warmupSeconds() * 1000 / FRAME_MS, FRAME_MS));
            }
            if (options.idleSeconds() > 0) {
                long cpu0 = server.cpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep(options.idleSeconds() * 1000L);
                idleCorePercent = 100.0 * (server.cpuNanos() - cpu0) / (System.nanoTime() - t0);
            }
            for (int m = 0; m < messages && problems.isEmpty(); m++) {
                long gen0 = ProcStats.ownCpuNanos();
                long sys0 = server.systemNanos();
                long ticked0 = server.tickedCpuNanos();
                long cpu0 = server.cpuNanos();
                long t0 = System.nanoTime();
                MumbleRoom.Delivery d = room.transmit(seconds * 1000 / FRAME_MS, FRAME_MS);
                long t1 = System.nanoTime();
                long cpu1 = server.cpuNanos();
                long sys1 = server.systemNanos();
                long ticked1 = server.tickedCpuNanos();
                long gen1 = ProcStats.ownCpuNanos();
                addProblem(problems, d);
                measured.add(d);
                transmissions.add(new Transmission((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e6,
                        ProcStats.kernelNanos(sys1 - sys0, ticked1 - ticked0, cpu1 - cpu0) / 1e6,
                        (gen1 - gen0) / 1e6));
            }
            problems.addAll(room.problems());
            strays = room.strays();
        }
        if (!server.alive()) {
            problems.add("murmurd exited: " + server.logTail(3));
        }
        return summarise(listeners, seconds, measured, transmissions, idleCorePercent, tlsUsed, loadBefore, problems,
                strays);
    }

    private static void addProblem(List<String> problems, MumbleRoom.Delivery d) {
        if (d.problem() != null) {
            problems.add(d.problem());
        }
    }

    private static Result summarise(int listeners, int seconds, List<MumbleRoom.Delivery> measured,
                                    List<Transmission> transmissions, double idleCorePercent, String tlsUsed,
                                    String loadBefore, List<String> problems, long strays) {
        long expected = 0;
        long exact = 0;
        long missing = 0;
        long outOfOrder = 0;
        long wrong = 0;
        for (MumbleRoom.Delivery d : measured) {
            expected += d.expectedCopies();
            exact += d.exact();
            missing += d.missingCopies();
            outOfOrder += d.outOfOrder();
            wrong += d.wrongBytes();
        }
        long[] all = measured.stream().flatMapToLong(d -> Arrays.stream(d.latencyNanos())).sorted().toArray();
        long[] lag = measured.stream().flatMapToLong(d -> Arrays.stream(d.sendLagNanos())).sorted().toArray();
        return new Result(listeners, seconds, List.copyOf(transmissions), idleCorePercent, expected, exact, missing,
                outOfOrder, wrong, strays, percentileMs(all, 50), percentileMs(all, 99), percentileMs(all, 100),
                percentileMs(lag, 99), percentileMs(lag, 100), tlsUsed, loadBefore, ProcStats.loadAverage(),
                List.copyOf(problems));
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** Stops murmurd (SIGTERM, then SIGKILL after 10 s) and removes its temporary directory. */
    @Override
    public void close() {
        server.close();
    }
}
