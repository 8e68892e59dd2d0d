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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

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
 * <p>Per {@link #measure}: L listeners then one speaker connect (fresh names), a warm-up transmission (not counted),
 * the server's idle CPU with everyone connected, then M transmissions of N seconds. The speaker sends one packet per
 * {@value #FRAME_MS} ms by the clock (each when its 20 ms of audio would be captured, not as fast as possible): Opus,
 * target 0, a sequence number going up by one, one frame of {@code opusBytes} bytes that differ from packet to packet,
 * the terminator bit on the last. murmur's CPU (utime + stime from {@code /proc/<pid>/stat}, 10 ms ticks) is read
 * before the first packet of each transmission and after every listener has its last one. Every listener checks every
 * packet: from the speaker's session, sequence numbers consecutive, bytes exactly the speaker's packet with the
 * session inserted.
 */
public final class MumbleReference implements AutoCloseable {
    public static final int FRAME_MS = 20;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PING_EVERY = Duration.ofSeconds(5);
    /** How long after the speaker's last packet every listener must have it. */
    private static final long DELIVERY_TIMEOUT_MILLIS = 15_000;

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
    private final ScheduledExecutorService pings;
    private final AtomicLong strays = new AtomicLong();
    private volatile Round round;
    private int runs;
    private long nextSequence;

    private MumbleReference(MurmurServer server, Options options) {
        this.server = server;
        this.options = options;
        this.tls = Pinning.context(server.fingerprint);
        this.pings = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mumble-pings");
            t.setDaemon(true);
            return t;
        });
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
        return "murmur " + server.version + " on " + MurmurServer.HOST + ":" + server.port + ", pid " + server.pid()
                + ", runs as " + server.runsAs;
    }

    public int port() {
        return server.port;
    }

    /** The SHA-256 fingerprint of murmur's certificate, which every client pins. */
    public String fingerprint() {
        return server.fingerprint;
    }

    long serverPid() {
        return server.pid();
    }

    SSLContext tlsContext() {
        return tls;
    }

    /** A client of this server (no pings unless asked), for tests. */
    MumbleClient connect(String username, MumbleClient.VoiceHandler voice, boolean ping)
            throws IOException, InterruptedException {
        return MumbleClient.connect(MurmurServer.HOST, server.port, tls, username, voice, ping ? pings : null,
                PING_EVERY, CONNECT_TIMEOUT);
    }

    /** L listeners and a speaker, {@code messages} transmissions of {@code seconds} each; see the class comment. */
    public Result measure(int listeners, int seconds, int messages) throws IOException, InterruptedException {
        if (listeners < 1 || seconds < 1 || messages < 1) {
            throw new IllegalArgumentException("listeners, seconds and messages must be >= 1");
        }
        int run = ++runs;
        String loadBefore = ProcStats.loadAverage();
        List<String> problems = new ArrayList<>();
        List<MumbleClient> clients = new ArrayList<>();
        List<Round> measured = new ArrayList<>();
        List<Transmission> transmissions = new ArrayList<>();
        double idleCorePercent = Double.NaN;
        String tlsUsed = "";
        long straysBefore = strays.get();
        try {
            for (int i = 0; i < listeners; i++) {
                int index = i;
                clients.add(connect("listener-" + run + "-" + i, (p, t) -> onVoice(index, p, t), true));
            }
            MumbleClient speaker = connect("speaker-" + run, null, true);
            clients.add(speaker);
            tlsUsed = speaker.tls();
            if (options.warmupSeconds() > 0) {
                Round warm = newRound(listeners, options.warmupSeconds(), speaker.session());
                stream(speaker, warm);
                awaitDelivery(warm, clients, problems);
            }
            if (options.idleSeconds() > 0) {
                long cpu0 = server.cpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep(options.idleSeconds() * 1000L);
                idleCorePercent = 100.0 * (server.cpuNanos() - cpu0) / (System.nanoTime() - t0);
            }
            for (int m = 0; m < messages && problems.isEmpty(); m++) {
                Round r = newRound(listeners, seconds, speaker.session());
                long gen0 = ProcStats.ownCpuNanos();
                long sys0 = server.systemNanos();
                long cpu0 = server.cpuNanos();
                long t0 = System.nanoTime();
                stream(speaker, r);
                awaitDelivery(r, clients, problems);
                long t1 = System.nanoTime();
                long cpu1 = server.cpuNanos();
                long sys1 = server.systemNanos();
                long gen1 = ProcStats.ownCpuNanos();
                measured.add(r);
                transmissions.add(new Transmission((t1 - t0) / 1e9, (cpu1 - cpu0) / 1e6, (sys1 - sys0) / 1e6,
                        (gen1 - gen0) / 1e6));
            }
            for (MumbleClient c : clients) {
                if (c.failure() != null) {
                    problems.add(c.name() + ": " + c.failure());
                }
                if (c.lastDenied() != null) {
                    problems.add(c.name() + " was refused a permission: " + c.lastDenied());
                }
            }
        } finally {
            round = null;
            for (MumbleClient c : clients) {
                c.close();
            }
        }
        if (!server.alive()) {
            problems.add("murmurd exited: " + server.logTail(3));
        }
        return summarise(listeners, seconds, measured, transmissions, idleCorePercent, tlsUsed, loadBefore, problems,
                strays.get() - straysBefore);
    }

    private Result summarise(int listeners, int seconds, List<Round> measured, List<Transmission> transmissions,
                             double idleCorePercent, String tlsUsed, String loadBefore, List<String> problems,
                             long strayCount) {
        long expected = 0;
        long exact = 0;
        long received = 0;
        long outOfOrder = 0;
        long wrong = 0;
        List<long[]> latencies = new ArrayList<>();
        List<Long> lags = new ArrayList<>();
        for (Round r : measured) {
            expected += (long) r.count * listeners;
            for (Tally t : r.tallies) {
                synchronized (t) {
                    exact += t.exact;
                    received += t.received;
                    outOfOrder += t.outOfOrder;
                    wrong += t.wrongBytes;
                    latencies.add(Arrays.copyOf(t.latencyNanos, t.latencies));
                }
            }
            for (long lag : r.sendLagNanos) {
                lags.add(lag);
            }
        }
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long[] lag = lags.stream().mapToLong(Long::longValue).sorted().toArray();
        return new Result(listeners, seconds, List.copyOf(transmissions), idleCorePercent, expected, exact,
                Math.max(0, expected - received), outOfOrder, wrong, strayCount, percentileMs(all, 50),
                percentileMs(all, 99), percentileMs(all, 100), percentileMs(lag, 99), percentileMs(lag, 100), tlsUsed,
                loadBefore, ProcStats.loadAverage(), List.copyOf(problems));
    }

    private static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** One transmission: its packets (sequence {@code first} ..), when each left, and what each listener saw. */
    private final class Round {
        final long first;
        final int count;
        final long speakerSession;
        final byte[][] packets;
        final AtomicLongArray sentNanos;
        final long[] sendLagNanos;
        final Tally[] tallies;
        final CountDownLatch delivered;

        Round(int listeners, int seconds, long speakerSession) {
            this.first = nextSequence;
            this.count = seconds * 1000 / FRAME_MS;
            this.speakerSession = speakerSession;
            this.packets = new byte[count][];
            for (int k = 0; k < count; k++) {
                long seq = first + k;
                packets[k] = VoicePacket.fromClient(seq, VoicePacket.syntheticOpus(options.seed(), seq,
                        options.opusBytes()), k == count - 1);
            }
            this.sentNanos = new AtomicLongArray(count);
            this.sendLagNanos = new long[count];
            this.tallies = new Tally[listeners];
            for (int i = 0; i < listeners; i++) {
                tallies[i] = new Tally(count);
            }
            this.delivered = new CountDownLatch(listeners);
            nextSequence += count;
        }

        /** What the server should send a listener for packet {@code k}: the speaker's packet with its session. */
        byte[] expected(int k) {
            return VoicePacket.relayedCopy(speakerSession, packets[k]);
        }
    }

    /** One listener in one round; written on its reader thread, read after the round under its monitor. */
    private static final class Tally {
        final long[] latencyNanos;
        int latencies;
        long next = -1;
        int received;
        int exact;
        int outOfOrder;
        int wrongBytes;
        boolean done;

        Tally(int count) {
            latencyNanos = new long[count];
        }
    }

    private Round newRound(int listeners, int seconds, long speakerSession) {
        Round r = new Round(listeners, seconds, speakerSession);
        round = r;
        return r;
    }

    private void onVoice(int listener, byte[] packet, long receivedNanos) {
        Round r = round;
        VoicePacket.Relayed v;
        try {
            v = VoicePacket.parseRelayed(packet);
        } catch (IllegalArgumentException e) {
            v = null;
        }
        if (r == null || v == null || v.session() != r.speakerSession || v.sequence() < r.first
                || v.sequence() >= r.first + r.count) {
            strays.incrementAndGet();
            return;
        }
        int k = (int) (v.sequence() - r.first);
        Tally t = r.tallies[listener];
        synchronized (t) {
            if (t.next >= 0 && v.sequence() != t.next || t.next < 0 && k != 0) {
                t.outOfOrder++;
            }
            t.next = v.sequence() + 1;
            t.received++;
            if (Arrays.equals(packet, r.expected(k))) {
                t.exact++;
            } else {
                t.wrongBytes++;
            }
            long sent = r.sentNanos.get(k);
            if (sent != 0 && t.latencies < t.latencyNanos.length) {
                t.latencyNanos[t.latencies++] = receivedNanos - sent;
            }
            if (k == r.count - 1 && !t.done) {
                t.done = true;
                r.delivered.countDown();
            }
        }
    }

    /** Sends the round's packets in real time: packet k leaves at t0 + (k + 1) × 20 ms. */
    private static void stream(MumbleClient speaker, Round r) throws IOException {
        long frame = TimeUnit.MILLISECONDS.toNanos(FRAME_MS);
        long t0 = System.nanoTime();
        for (int k = 0; k < r.count; k++) {
            long due = t0 + (k + 1) * frame;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            r.sendLagNanos[k] = now - due;
            r.sentNanos.set(k, now);
            speaker.sendVoice(r.packets[k]);
        }
    }

    private void awaitDelivery(Round r, List<MumbleClient> clients, List<String> problems)
            throws InterruptedException {
        if (!r.delivered.await(DELIVERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            long late = r.delivered.getCount();
            problems.add(late + " listener(s) did not get the last packet (sequence " + (r.first + r.count - 1)
                    + ") within " + DELIVERY_TIMEOUT_MILLIS / 1000 + " s" + firstFailure(clients));
        }
    }

    private static String firstFailure(List<MumbleClient> clients) {
        return clients.stream().filter(c -> c.failure() != null).findFirst()
                .map(c -> "; " + c.name() + ": " + c.failure()).orElse("");
    }

    /** Stops murmurd (SIGTERM, then SIGKILL after 10 s) and removes its temporary directory. */
    @Override
    public void close() {
        round = null;
        pings.shutdownNow();
        server.close();
    }
}
