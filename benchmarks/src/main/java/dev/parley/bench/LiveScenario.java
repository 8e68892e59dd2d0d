package dev.parley.bench;

import dev.parley.bench.support.Pinning;
import dev.parley.bench.support.ProcStats;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Live voice (protocol 2): what one real-time stream to L listeners costs the relay, beside what the same stream costs
 * Mumble's server (murmur) with Mumble's own clients; whether every chunk and stored copy is right; and whether a
 * stream slows chat in another room.
 */
@Command(name = "live",
        description = {"Protocol 2's live voice. For each L, in a room of its own, one speaker streams 20 ms chunks of "
                + "16 kHz mono PCM16 in real time to L protocol-2 listeners: relay CPU per listener-second, chunk "
                + "latency, every chunk and stored clip checked. First a warm-up message of --warmup s, then the "
                + "relay's idle CPU over --seconds. Then chat in another room (--runs windows of --seconds after "
                + "--warmup) without, with and again without a stream to --interference-listeners. Then the same "
                + "streams through the bare Netty server on one event loop (the relay's engine, forwarding the same "
                + "frames, storing nothing), and (same L, messages and chunk timing) through Mumble's server, murmurd, with Mumble's "
                + "own clients (skipped, saying so, when it is not installed: apt-get install mumble-server)."})
final class LiveScenario extends ScenarioCommand {
    /**
     * The servers that get the same streams after the relay, for comparison: the relay's engine alone (the same frames,
     * forwarded and not stored: the floor under the relay's cost) and Mumble's server with its own clients (the bar).
     */
    private static final List<Target> REFERENCES = List.of(Targets.BARE_NETTY_ONE_LOOP, Targets.MUMBLE);

    @Option(names = "--listeners", paramLabel = "L", split = ",",
            description = "Listener counts, one phase each (default: 1,20,100).")
    int[] listeners = {1, 20, 100};

    @Option(names = "--messages", paramLabel = "N", description = "Measured messages per phase (default: ${DEFAULT-VALUE}).")
    int messages = 3;

    @Option(names = "--message-seconds", paramLabel = "S", description = "Length of a message (default: ${DEFAULT-VALUE}).")
    double messageSeconds = 5;

    @Option(names = "--chunk-ms", paramLabel = "MS", description = "Length of a chunk (default: ${DEFAULT-VALUE}).")
    int chunkMs = 20;

    @Option(names = "--chat-receivers", paramLabel = "R",
            description = "Chat receivers beside the stream (default: ${DEFAULT-VALUE}).")
    int chatReceivers = 20;

    @Option(names = "--chat-senders", paramLabel = "S", description = "Chat senders beside the stream (default: ${DEFAULT-VALUE}).")
    int chatSenders = 5;

    @Option(names = "--chat-rate", paramLabel = "MSGS_PER_S",
            description = "Chat messages per second offered; 0 skips the chat part (default: ${DEFAULT-VALUE}).")
    double chatRate = 200;

    @Option(names = "--chat-bytes", paramLabel = "BYTES", description = "Size of a chat frame (default: ${DEFAULT-VALUE}).")
    int chatBytes = 100;

    @Option(names = "--interference-listeners", paramLabel = "L",
            description = "Listeners of the stream beside the chat; 0 skips the chat part (default: ${DEFAULT-VALUE}).")
    int interferenceListeners = 20;

    @Override
    public void check(Session session) {
        if (messages < 1 || messageSeconds <= 0 || chunkMs < 1 || listeners.length == 0
                || Arrays.stream(listeners).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("live needs --messages >= 1, --message-seconds > 0, --chunk-ms >= 1"
                    + " and --listeners of at least 1 each");
        }
    }

    @Override
    public void run(Session session) throws Exception {
        // rooms (and so message ids) unique to this run: a relay given by --relay keeps what earlier runs stored,
        // and would replay it or refuse a repeated id as a duplicate
        String run = Long.toString(System.currentTimeMillis(), 36);
        LiveSummary.Server parley;
        Report chat = new Report();
        try (ChildServer relay = Targets.PARLEY_RELAY.start(session.servers())) {
            parley = phases(session, Targets.PARLEY_RELAY, relay, "live-" + run);
            if (interferenceListeners > 0 && chatRate > 0) {
                new LiveInterference(interferenceListeners, messageSeconds, chunkMs,
                        new Traffic.Setup(Traffic.Kind.TEXT, chatReceivers, chatSenders, false, chatBytes), chatRate)
                        .run(session, chat, relay, Pinning.context(relay.fingerprint), "live-" + run + "-beside-chat");
            }
        }
        List<LiveSummary.Server> references = new ArrayList<>();
        for (Target reference : session.references(REFERENCES)) {
            Optional<String> missing = reference.unavailable();
            if (missing.isPresent()) {
                System.out.println();
                System.out.println(reference.title() + " reference skipped: " + missing.get());
                continue;
            }
            try (ChildServer server = reference.start(session.servers())) {
                references.add(phases(session, reference, server, "live-" + run + "-" + server.label));
            }
        }
        LiveSummary.add(session.report(), parley, references);
        session.report().addAll(chat);
    }

    /** A phase per listener count on one server, in a room of its own each, then the marginal CPU per listener. */
    private LiveSummary.Server phases(Session session, Target target, ChildServer server, String rooms)
            throws Exception {
        List<LivePhase> phases = new ArrayList<>();
        String engine = "";
        for (int p = 0; p < listeners.length; p++) {
            int n = listeners[p];
            try (LiveLoad live = target.live(server, rooms + "-" + p + "-" + n, n, chunkMs)) {
                if (phases.isEmpty()) {
                    engine = Report.engine(server, live.tlsSession());
                }
                LivePhase phase = measure(session, server, live, messages, messageSeconds);
                phases.add(phase);
                phase.print(target.title(), messages, messageSeconds, chunkMs, live.chunkContent());
            }
        }
        LivePhase.printMarginal(phases);
        return new LiveSummary.Server(server.name, engine, phases, target == Targets.MUMBLE);
    }

    /**
     * One live phase on any server, the relay or a reference (or the relays of a cluster, with the processes beside
     * them), measured the same way: a warm-up message of --warmup seconds (not counted), the server's idle CPU with
     * everyone joined (over --seconds), then {@code messages} measured messages of {@code messageSeconds} back to
     * back, the server's CPU read before each message starts and after it has ended for every receiver (the relay:
     * its last stored copy; murmur: every listener's last packet).
     */
    static LivePhase measure(Session session, Measured server, LiveLoad live, int messages, double messageSeconds)
            throws InterruptedException {
        if (session.warmup() > 0) {
            live.stream(session.warmup(), false);
        }
        Thread.sleep(500);
        boolean measured = server.measurable();
        long idleCpu0 = server.cpuNanos();
        Map<String, Long> besideIdle0 = server.besideCpuNanos();
        long idle0 = System.nanoTime();
        Thread.sleep(Math.max(1, session.seconds()) * 1000L);
        double idleCores = measured ? (server.cpuNanos() - idleCpu0) / (double) (System.nanoTime() - idle0) : Double.NaN;
        Map<String, Double> besideIdleCores = new LinkedHashMap<>();
        long idleWall = System.nanoTime() - idle0;
        server.besideCpuNanos().forEach((name, nanos) ->
                besideIdleCores.put(name, (nanos - besideIdle0.get(name)) / (double) idleWall));
        live.takeLatency();
        Map<String, Long> threads0 = server.threadCpu();
        long gen0 = ProcStats.ownCpuNanos();
        long sys0 = server.systemNanos();
        long ticked0 = server.tickedCpuNanos();
        long cpuAll0 = server.cpuNanos();
        Map<String, Long> beside0 = server.besideCpuNanos();
        long all0 = System.nanoTime();
        List<LiveMessage> done = new ArrayList<>();
        List<double[]> perMessage = new ArrayList<>(); // server CPU ns, wall ns
        for (int i = 0; i < messages; i++) {
            long cpu0 = server.cpuNanos();
            long t0 = System.nanoTime();
            LiveMessage m = live.stream(messageSeconds, true);
            long t1 = System.nanoTime();
            long cpu1 = server.cpuNanos();
            done.add(m);
            perMessage.add(new double[] {cpu1 - cpu0, t1 - t0});
        }
        double wall = (System.nanoTime() - all0) / 1e9;
        long cpuAll = server.cpuNanos() - cpuAll0;
        double audioSeconds = done.stream().mapToDouble(m -> m.durationMs() / 1000.0).sum();
        double listenerSeconds = live.listenerCount() * audioSeconds;
        Map<String, LiveSummary.Cpu> beside = new LinkedHashMap<>();
        server.besideCpuNanos().forEach((name, nanos) -> {
            long used = nanos - beside0.get(name);
            beside.put(name, new LiveSummary.Cpu(used / 1e3 / listenerSeconds,
                    (used - besideIdleCores.get(name) * wall * 1e9) / 1e3 / listenerSeconds));
        });
        long ticked = server.tickedCpuNanos() - ticked0;
        double kernelShare = measured && ticked > 0 ? 100.0 * (server.systemNanos() - sys0) / ticked : Double.NaN;
        String hot = ProcStats.topThreads(threads0, server.threadCpu(), 5, wall);
        double genCores = (ProcStats.ownCpuNanos() - gen0) / 1e9 / wall;
        return new LivePhase(live.listenerCount(), done, perMessage, idleCores, kernelShare,
                live.takeLatency(), hot, genCores, live.anomalies(), live.lastError(), beside);
    }
}
