package dev.parley.bench;

import dev.parley.bench.cluster.NatsProcess;
import dev.parley.bench.cluster.PostgresProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a cluster costs over one relay: the same three loads, in one run, against one relay on SQLite and then against
 * several relays sharing PostgreSQL and NATS on this machine, the members split evenly over the relays.
 */
@Command(name = "cluster",
        description = {"The same load against one relay on SQLite, then against --relays relays sharing a fresh "
                + "PostgreSQL and nats-server on this machine (--database, --cluster), members split evenly over the "
                + "relays (member i on relay i mod n): chat at a fixed offered rate (CPU per delivery, latency), voice "
                + "clips at max rate (CPU per delivered MB) and a live stream to --listeners (chunk latency, CPU per "
                + "listener-second). The relays' CPU is added up; PostgreSQL's (its postmaster and every backend) and "
                + "nats-server's are counted apart; \"same-relay\" and \"other-relay latency\" are those of the "
                + "copies members got from their sender's relay (its echo left out) and from the other relays. Needs initdb/postgres and nats-server (Debian: apt-get install "
                + "postgresql nats-server)."})
final class ClusterScenario extends ScenarioCommand {
    @Option(names = "--relays", paramLabel = "N", description = "Relays in the cluster (default: ${DEFAULT-VALUE}).")
    int relays = 2;

    @Option(names = "--receivers", paramLabel = "R", description = "Chat: members that only receive (default: ${DEFAULT-VALUE}).")
    int receivers = 50;

    @Option(names = "--senders", paramLabel = "S", description = "Chat: members that send (default: ${DEFAULT-VALUE}).")
    int senders = 5;

    @Option(names = "--rate", paramLabel = "MSGS_PER_S",
            description = "Chat messages per second offered over all senders (default: ${DEFAULT-VALUE}).")
    double rate = 1000;

    @Option(names = "--bytes", paramLabel = "BYTES", description = "Size of a chat frame (default: ${DEFAULT-VALUE}).")
    int bytes = 100;

    @Option(names = "--clip-receivers", paramLabel = "R", description = "Clips: members that only receive (default: ${DEFAULT-VALUE}).")
    int clipReceivers = 20;

    @Option(names = "--clip-senders", paramLabel = "S", description = "Clips: members that send (default: ${DEFAULT-VALUE}).")
    int clipSenders = 2;

    @Option(names = "--clip-window", paramLabel = "N",
            description = "Clips each sender keeps unacknowledged (default: ${DEFAULT-VALUE}).")
    int clipWindow = 2;

    @Option(names = "--clip-bytes", paramLabel = "BYTES", description = "Size of a WAV clip (default: ${DEFAULT-VALUE}).")
    int clipBytes = 320_044;

    @Option(names = "--clips-by-reference",
            description = "Then the clip load again on a second fresh cluster whose relays send every stored clip to "
                    + "each other by reference (the event names its seq; each relay reads the clip from PostgreSQL) "
                    + "instead of inside the NATS event, and both side by side.")
    boolean clipsByReference;

    @Option(names = "--listeners", paramLabel = "L", description = "Live: listeners of the one speaker (default: ${DEFAULT-VALUE}).")
    int listeners = 20;

    @Option(names = "--messages", paramLabel = "N", description = "Live: measured messages (default: ${DEFAULT-VALUE}).")
    int messages = 3;

    @Option(names = "--message-seconds", paramLabel = "S", description = "Live: length of a message (default: ${DEFAULT-VALUE}).")
    double messageSeconds = 5;

    @Option(names = "--chunk-ms", paramLabel = "MS", description = "Live: length of a chunk (default: ${DEFAULT-VALUE}).")
    int chunkMs = 20;

    /** The relays' JVM option that sends every stored clip by reference, and the words they log when it is set. */
    static final String BY_REFERENCE = "-Dparley.cluster.inlineClipBytes=0";
    private static final String BY_REFERENCE_LOGGED = "stored clips over 0 bytes go to the other relays by reference";

    /** What one deployment did under each load (with --clips-by-reference's: clips alone, no text, live null). */
    record Runs(Deployment deployment, List<Window> text, List<Window> clips, LivePhase live) {
    }

    @Override
    public void check(Session session) {
        if (!session.servers().startsRelay()) {
            throw new IllegalArgumentException("cluster starts its own relays, PostgreSQL and nats-server: it takes no --relay");
        }
        if (relays < 1 || receivers < 1 || senders < 1 || rate <= 0 || clipReceivers < 1 || clipSenders < 1
                || clipWindow < 1 || listeners < 1 || messages < 1 || messageSeconds <= 0 || chunkMs < 1) {
            throw new IllegalArgumentException("cluster needs --relays, --receivers, --senders, --clip-receivers, "
                    + "--clip-senders, --clip-window, --listeners, --messages and --chunk-ms of at least 1, and "
                    + "--rate and --message-seconds above 0");
        }
        PostgresProcess.unavailable().or(NatsProcess::unavailable).ifPresent(missing -> {
            throw new IllegalArgumentException("cluster needs PostgreSQL and nats-server on this machine: " + missing);
        });
    }

    @Override
    public void run(Session session) throws Exception {
        // rooms unique to this run, one per load, so that no load meets another's members or history
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<Runs> all = new ArrayList<>();
        try (Deployment single = Deployment.single(session.servers())) {
            all.add(measure(session, single, run + "-one"));
        }
        try (Deployment cluster = Deployment.cluster(session.servers(), relays)) {
            all.add(measure(session, cluster, run + "-cluster"));
        }
        Runs byReference = null;
        if (clipsByReference) {
            try (Deployment cluster = Deployment.cluster(session.servers(), relays, List.of(BY_REFERENCE),
                    ", clips by reference")) {
                if (!cluster.relays.allLogged(BY_REFERENCE_LOGGED)) {
                    throw new IllegalStateException("the relays did not say they send clips by reference ("
                            + BY_REFERENCE + "): a relay build older than this benchmark?");
                }
                System.out.println();
                System.out.println("-- " + cluster.title + ": " + cluster.servers);
                byReference = new Runs(cluster, List.of(), clips(session, cluster, run + "-reference"), null);
            }
        }
        ClusterSummary.add(session.report(), this, all.get(0), all.get(1), byReference);
    }

    private Runs measure(Session session, Deployment d, String rooms) throws Exception {
        System.out.println();
        System.out.println("-- " + d.title + ": " + d.servers);
        // live first: PostgreSQL's background work after the clip load (checkpoints, autovacuum) stays out of it
        LivePhase live;
        Database db = Database.watch(d);
        try (Live load = Live.join(d.relays, "live-" + rooms, listeners, chunkMs)) {
            live = LiveScenario.measure(session, d.relays, load, messages, messageSeconds);
            live.print(d.title + (d.relays.size() == 1 ? "" : " (listeners split, speaker on relay 1)"), messages,
                    messageSeconds, chunkMs, load.chunkContent());
        }
        db.print();
        Traffic.Setup chat = new Traffic.Setup(Traffic.Kind.TEXT, receivers, senders, false, bytes, "text-" + rooms);
        List<Window> text;
        db = Database.watch(d);
        try (Traffic load = Traffic.connect(d.relays, chat)) {
            text = load.run(1, rate, session.warmup(), session.seconds(), session.runs());
        }
        Report.printPhase("cluster text, " + d.title + ", " + Report.num(rate) + " msgs/s offered, " + receivers
                + " receivers + " + senders + " senders" + split(d), text, figures(d, "us/delivery"));
        db.print();
        return new Runs(d, text, clips(session, d, rooms), live);
    }

    /** The clip load at max rate, its table and PostgreSQL's activity printed. */
    private List<Window> clips(Session session, Deployment d, String rooms) throws Exception {
        Traffic.Setup clip = new Traffic.Setup(Traffic.Kind.VOICE, clipReceivers, clipSenders, false, clipBytes,
                "clips-" + rooms);
        List<Window> clips;
        Database db = Database.watch(d);
        try (Traffic load = Traffic.connect(d.relays, clip)) {
            clips = load.run(clipWindow, 0, session.warmup(), session.seconds(), session.runs());
        }
        Report.printPhase("cluster clips, " + d.title + ", max rate (window " + clipWindow + "/sender), "
                + clipReceivers + " receivers + " + clipSenders + " senders, " + clipBytes + "-byte clips" + split(d),
                clips, figures(d, "ms/MB"));
        db.print();
        return clips;
    }

    /** PostgreSQL's transactions and WAL over one load (joining, warm-up, measuring); nothing for one relay. */
    private record Database(Deployment deployment, Optional<PostgresProcess.Activity> before, long startNanos) {
        static Database watch(Deployment d) throws IOException {
            return new Database(d, d.databaseActivity(), System.nanoTime());
        }

        void print() throws IOException {
            if (before.isPresent()) {
                double seconds = (System.nanoTime() - startNanos) / 1e9;
                System.out.println("  PostgreSQL over this load (members joining, warm-up, measuring): "
                        + deployment.databaseActivity().orElseThrow().rateSince(before.get(), seconds));
            }
        }
    }

    /** The phase tables' figures: the relays' CPU as "server", then each process beside them. */
    private static List<String> figures(Deployment d, String cpuUnit) {
        List<String> f = new ArrayList<>(Report.list("sent/s", "delivered/s"));
        if (cpuUnit.equals("ms/MB")) {
            f.add("delivered MB/s");
        }
        f.addAll(Report.list("latency p50 ms", "latency p99 ms", "latency max ms"));
        if (d.relays.size() > 1) {
            f.addAll(Report.list("same-relay latency p50 ms", "same-relay latency p99 ms", "other-relay latency p50 ms",
                    "other-relay latency p99 ms"));
        }
        f.add("server CPU " + cpuUnit);
        d.beside.forEach(name -> f.add(name + " CPU " + cpuUnit));
        f.add("server CPU cores");
        d.beside.forEach(name -> f.add(name + " CPU cores"));
        f.addAll(Report.list("generator CPU cores", "order errors"));
        return f;
    }

    private static String split(Deployment d) {
        return d.relays.size() == 1 ? "" : ", split over " + d.relays.size() + " relays (server = the relays added up)";
    }
}
