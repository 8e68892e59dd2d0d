package dev.parley.bench;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayConfig;

import org.HdrHistogram.Histogram;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The load scenarios of {@link Bench}, sharing the common options: each starts the servers it measures as
 * child processes, prints a table per phase and adds its key figures to the summary {@link Report}.
 */
final class Scenarios {
    final Args args;
    final int runs;
    final int seconds;
    final int warmup;
    final boolean reference;
    final String remote;
    final String trust;
    final List<String> relayJvm = new ArrayList<>();
    /** The relay's JVM options without the JFR recording (which would overwrite the relay's file). */
    final List<String> bareJvm = new ArrayList<>();
    final String relayClassPath;
    final List<String> bareArgs = new ArrayList<>();
    double tlsMegabytesPerSecond = Double.NaN;

    Scenarios(Args args) {
        this.args = args;
        runs = args.integer("runs", 3);
        seconds = args.integer("seconds", 4);
        warmup = args.integer("warmup", 3);
        reference = !args.flag("no-reference");
        remote = args.string("relay", null);
        trust = args.string("trust", null);
        String jvm = args.string("relay-jvm", "");
        if (!jvm.isBlank()) {
            relayJvm.addAll(Arrays.asList(jvm.trim().split("\\s+")));
        }
        relayClassPath = args.string("relay-classpath", System.getProperty("java.class.path"));
        bareArgs.addAll(List.of("--tls-engine", args.string("bare-tls-engine", "auto"),
                "--transport", args.string("bare-transport", "auto")));
        bareJvm.addAll(relayJvm);
        String jfr = args.string("jfr", null);
        if (jfr != null) {
            relayJvm.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        if (remote != null && trust == null) {
            throw new IllegalArgumentException("--relay needs --trust <SHA-256 fingerprint>");
        }
    }

    ChildServer relay() throws IOException {
        return remote != null ? ChildServer.remote(remote, trust) : ChildServer.relay(relayJvm, relayClassPath);
    }

    ChildServer bare() throws IOException {
        return ChildServer.bare(bareJvm, bareArgs);
    }

    /** Prints, and returns for the summary, what a server says its engine is and what TLS its clients got. */
    private static String engine(ChildServer server, String tlsSession) {
        String e = server.engine() + "; clients got " + tlsSession;
        System.out.println();
        System.out.println("-- " + server.name + ": " + e);
        return e;
    }

    void text(Report report) throws Exception {
        int receivers = args.integer("receivers", 50);
        int senders = args.integer("senders", 5);
        int window = args.integer("window", 32);
        double rate = args.decimal("rate", 1000);
        int bytes = args.integer("bytes", 100);
        boolean onlyFixed = args.flag("only-fixed-rate") && rate > 0;
        args.checkAllUsed();
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.TEXT, receivers, senders, false, bytes);
        List<String> figures = Report.list("sent/s", "delivered/s", "latency p50 ms", "latency p90 ms",
                "latency p99 ms", "latency max ms", "ack p99 ms", "server CPU us/delivery", "server CPU cores",
                "server kernel share %", "generator CPU cores", "order errors");
        String who = receivers + " receivers + " + senders + " senders";
        List<Window> max = List.of();
        List<Window> fixed = List.of();
        String relayEngine;
        String bareEngine = null;
        try (ChildServer relay = relay()) {
            try (Traffic t = Traffic.connect(relay, Pinning.context(relay.fingerprint), setup)) {
                relayEngine = engine(relay, t.tlsSession());
                if (!onlyFixed) {
                    max = t.run(window, 0, warmup, seconds, runs);
                    Report.printPhase("text, Parley relay, max rate (window " + window + "/sender), " + who, max, figures);
                }
                if (rate > 0) {
                    fixed = t.run(window, rate, onlyFixed ? warmup : 2, seconds, runs);
                    Report.printPhase("text, Parley relay, " + Report.num(rate) + " msgs/s offered, " + who, fixed, figures);
                }
            }
        }
        List<Window> bare = List.of();
        List<Window> bareFixed = List.of();
        if (reference) {
            try (ChildServer server = bare();
                 Traffic t = Traffic.connect(server, Pinning.context(server.fingerprint), setup)) {
                bareEngine = engine(server, t.tlsSession());
                if (!onlyFixed) {
                    bare = t.run(window, 0, warmup, seconds, runs);
                    Report.printPhase("text, bare Netty broadcast server, max rate (window " + window
                            + "/sender), " + who, bare, figures);
                }
                if (rate > 0) {
                    bareFixed = t.run(window, rate, onlyFixed ? warmup : 2, seconds, runs);
                    Report.printPhase("text, bare Netty broadcast server, " + Report.num(rate)
                            + " msgs/s offered, " + who, bareFixed, figures);
                }
            }
        }
        String sc = "text " + receivers + "+" + senders;
        report.add(sc, "server engine", relayEngine, bareEngine == null ? "-" : "bare Netty: " + bareEngine, "");
        if (!max.isEmpty()) {
            double cpu = Report.median(max, "server CPU us/delivery");
            double bareCpu = bare.isEmpty() ? Double.NaN : Report.median(bare, "server CPU us/delivery");
            double rateMax = Report.median(max, "delivered/s");
            double bareRate = bare.isEmpty() ? Double.NaN : Report.median(bare, "delivered/s");
            report.add(sc, "deliveries/s, max rate", Report.num(rateMax),
                    bare.isEmpty() ? "-" : "bare Netty " + Report.num(bareRate) + " (" + Report.ratio(rateMax, bareRate) + ")", "");
            report.add(sc, "relay CPU us/delivery, max rate", Report.num(cpu),
                    bare.isEmpty() ? "-" : "bare Netty " + Report.num(bareCpu) + " (" + Report.ratio(cpu, bareCpu) + ")",
                    Double.isNaN(cpu) ? "<= 2 us (relay CPU not visible)" : "<= 2 us " + met(cpu <= 2)
                                + (bare.isEmpty() ? "" : "; <= 1.3x bare Netty " + met(cpu <= 1.3 * bareCpu)));
            report.add(sc, "latency p50/p99 ms, max rate", Report.num(Report.median(max, "latency p50 ms")) + " / "
                    + Report.num(Report.median(max, "latency p99 ms")), bare.isEmpty() ? "-" : "bare Netty "
                    + Report.num(Report.median(bare, "latency p50 ms")) + " / "
                    + Report.num(Report.median(bare, "latency p99 ms")), "");
        }
        if (!fixed.isEmpty()) {
            double p99 = Report.median(fixed, "latency p99 ms");
            report.add(sc, "latency p50/p99/max ms at " + Report.num(rate) + " msgs/s",
                    Report.num(Report.median(fixed, "latency p50 ms")) + " / " + Report.num(p99) + " / "
                            + Report.num(Report.median(fixed, "latency max ms")),
                    bareFixed.isEmpty() ? "-" : "bare Netty " + Report.num(Report.median(bareFixed, "latency p50 ms"))
                            + " / " + Report.num(Report.median(bareFixed, "latency p99 ms")) + " / "
                            + Report.num(Report.median(bareFixed, "latency max ms")), "p99 <= 5 ms " + met(p99 <= 5));
            double fixedCpu = Report.median(fixed, "server CPU us/delivery");
            double bareFixedCpu = bareFixed.isEmpty() ? Double.NaN : Report.median(bareFixed, "server CPU us/delivery");
            report.add(sc, "relay CPU us/delivery at " + Report.num(rate) + " msgs/s", Report.num(fixedCpu),
                    bareFixed.isEmpty() ? "-" : "bare Netty " + Report.num(bareFixedCpu) + " ("
                            + Report.ratio(fixedCpu, bareFixedCpu) + ")", "");
        }
        report.add(sc, "order errors (seq not last+1)", Report.num(sum(max, fixed)), "-", "0");
        report.add(sc, "bottleneck", Report.verdict(max.isEmpty() ? fixed : max).replaceAll(":.*", ""), "", "");
    }

    void voice(Report report) throws Exception {
        int receivers = args.integer("receivers", 20);
        int senders = args.integer("senders", 2);
        int window = args.integer("window", 2);
        int bytes = args.integer("bytes", 320_044);
        args.checkAllUsed();
        if (Double.isNaN(tlsMegabytesPerSecond) && remote == null) {
            tls(null);
        }
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.VOICE, receivers, senders, false, bytes);
        List<String> figures = Report.list("sent/s", "delivered/s", "delivered MB/s", "latency p50 ms",
                "latency p99 ms", "latency max ms", "server CPU ms/MB", "server CPU cores", "server kernel share %",
                "generator CPU cores", "order errors");
        String who = receivers + " receivers + " + senders + " senders, " + bytes + "-byte clips";
        List<Window> parley;
        String relayEngine;
        String bareEngine = null;
        try (ChildServer relay = relay();
             Traffic t = Traffic.connect(relay, Pinning.context(relay.fingerprint), setup)) {
            relayEngine = engine(relay, t.tlsSession());
            parley = t.run(window, 0, warmup, seconds, runs);
            Report.printPhase("voice, Parley relay, max rate (window " + window + "/sender), " + who, parley, figures);
        }
        List<Window> bare = List.of();
        if (reference) {
            try (ChildServer server = bare();
                 Traffic t = Traffic.connect(server, Pinning.context(server.fingerprint), setup)) {
                bareEngine = engine(server, t.tlsSession());
                bare = t.run(window, 0, warmup, seconds, runs);
                Report.printPhase("voice, bare Netty broadcast server, max rate, " + who, bare, figures);
            }
        }
        String sc = "voice " + receivers + "+" + senders;
        report.add(sc, "server engine", relayEngine, bareEngine == null ? "-" : "bare Netty: " + bareEngine, "");
        double mbs = Report.median(parley, "delivered MB/s");
        double cpu = Report.median(parley, "server CPU ms/MB");
        double bareCpu = bare.isEmpty() ? Double.NaN : Report.median(bare, "server CPU ms/MB");
        double bareMbs = bare.isEmpty() ? Double.NaN : Report.median(bare, "delivered MB/s");
        report.add(sc, "delivered MB/s", Report.num(mbs), (bare.isEmpty() ? "" : "bare Netty " + Report.num(bareMbs)
                + " (" + Report.ratio(mbs, bareMbs) + "); ") + "TLS pair " + Report.num(tlsMegabytesPerSecond)
                + " (" + Report.ratio(mbs, tlsMegabytesPerSecond) + ")", "");
        report.add(sc, "relay CPU ms per delivered MB", Report.num(cpu),
                bare.isEmpty() ? "-" : "bare Netty " + Report.num(bareCpu) + " (" + Report.ratio(cpu, bareCpu) + ")",
                Double.isNaN(cpu) ? "<= 0.7 ms (relay CPU not visible)" : "<= 0.7 ms " + met(cpu <= 0.7));
        report.add(sc, "clip latency p50/p99 ms", Report.num(Report.median(parley, "latency p50 ms")) + " / "
                + Report.num(Report.median(parley, "latency p99 ms")), bare.isEmpty() ? "-" : "bare Netty "
                + Report.num(Report.median(bare, "latency p50 ms")) + " / " + Report.num(Report.median(bare, "latency p99 ms")), "");
        report.add(sc, "order errors (seq not last+1)", Report.num(sum(parley)), "-", "0");
        report.add(sc, "bottleneck", Report.verdict(parley).replaceAll(":.*", ""), "", "");
    }

    void durable(Report report) throws Exception {
        int senders = args.integer("senders", 50);
        int window = args.integer("window", 4);
        int bytes = args.integer("bytes", 100);
        args.checkAllUsed();
        Traffic.Setup setup = new Traffic.Setup(Traffic.Kind.TEXT, 0, senders, true, bytes);
        List<String> figures = Report.list("sent/s", "acks/s", "ack p50 ms", "ack p99 ms", "latency max ms",
                "server CPU us/ack", "server CPU cores", "server kernel share %", "generator CPU cores", "order errors");
        List<Window> w;
        try (ChildServer relay = relay();
             Traffic t = Traffic.connect(relay, Pinning.context(relay.fingerprint), setup)) {
            w = t.run(window, 0, warmup, seconds, runs);
            Report.printPhase("durable acks, Parley relay, " + senders + " senders in rooms of their own, window "
                    + window + "/sender", w, figures);
        }
        double acks = Report.median(w, "acks/s");
        String sc = "durable " + senders + "x" + window;
        report.add(sc, "acks/s (SQLite, synchronous=FULL)", Report.num(acks), "-", ">= 10,000 " + met(acks >= 10_000));
        report.add(sc, "ack p50/p99 ms", Report.num(Report.median(w, "ack p50 ms")) + " / "
                + Report.num(Report.median(w, "ack p99 ms")), "-", "");
        report.add(sc, "relay CPU us/ack", Report.num(Report.median(w, "server CPU us/ack")), "-", "");
        report.add(sc, "order errors (seq not last+1)", Report.num(sum(w)), "-", "0");
        report.add(sc, "bottleneck", Report.verdict(w).replaceAll(":.*", ""), "", "");
    }

    void connections(Report report) throws Exception {
        int n = args.integer("connections", 1000);
        int roomSize = args.integer("room-size", 20);
        int parallel = args.integer("parallel", 4);
        int stalled = args.integer("stalled", 50);
        args.checkAllUsed();
        if (remote != null) {
            throw new IllegalArgumentException("connections measures the relay's memory: it needs a relay it starts");
        }
        Held parley = hold(this::relay, n, roomSize, parallel, stalled);
        Held bare = reference ? hold(this::bare, n, roomSize, parallel, stalled) : null;
        String sc = "connections " + n;
        String idle = "relay CPU % w/ " + stalled + " no-TLS";
        report.add(sc, "server engine", parley.engine, bare == null ? "-" : "bare Netty: " + bare.engine, "");
        report.add(sc, "time to connect all, s (connects/s)", Report.num(parley.median("connect all s")) + " ("
                        + Report.num(parley.median("connects/s")) + ")",
                bare == null ? "-" : "bare Netty " + Report.num(bare.median("connect all s")) + " ("
                        + Report.num(bare.median("connects/s")) + ")", "");
        double heap = parley.median("heap KB/connection");
        double rss = parley.median("RSS KB/connection");
        double marginalHeap = parley.median("marginal heap KB/conn");
        double marginalRss = parley.median("marginal RSS KB/conn");
        report.add(sc, "relay heap / RSS KB per connection (last 80%)", perConnection(parley),
                bare == null ? "-" : "bare Netty " + perConnection(bare),
                "<= 40 KB " + met(heap <= 40 && rss <= 40) + " (last 80%: " + met(marginalHeap <= 40 && marginalRss <= 40) + ")");
        report.add(sc, "failed joins (retried once)", Report.num(parley.results.stream()
                .mapToDouble(m -> m.get("failed joins (retried)")).sum()), "-", "0");
        report.add(sc, "relay CPU % idle / with " + stalled + " no-TLS sockets",
                Report.num(parley.median("idle relay CPU %")) + " / " + Report.num(parley.median(idle)),
                bare == null ? "-" : "bare Netty " + Report.num(bare.median("idle relay CPU %")) + " / "
                        + Report.num(bare.median(idle)),
                "stalled handshakes cost ~no CPU " + met(parley.median(idle) - parley.median("idle relay CPU %") < 5));
    }

    /**
     * A receiver that stops reading while clips are sent to its room (issue 9): a fresh relay with its default
     * slow-consumer bound, then one more with {@code --max-buffered-bytes} as given ({@code 0} skips that run).
     */
    void stall(Report report) throws Exception {
        int readers = args.integer("receivers", 5);
        double megabytes = args.decimal("megabytes", 64);
        int bytes = args.integer("bytes", 320_044);
        int window = args.integer("window", 2);
        int receiveBuffer = args.integer("receive-buffer", 16_384);
        int warmClips = args.integer("warm-clips", 20);
        long bound = Long.parseLong(args.string("max-buffered-bytes", Long.toString(8L << 20)));
        args.checkAllUsed();
        if (remote != null) {
            throw new IllegalArgumentException("stall measures the relay's memory: it needs a relay it starts");
        }
        int clips = (int) Math.ceil(megabytes * (1 << 20) / bytes);
        List<Stall.Result> results = new ArrayList<>();
        String standard = RelayConfig.defaults().maxBufferedBytes() + " (the relay's default in this build)";
        try (ChildServer relay = relay()) {
            results.add(Stall.run(relay, standard, readers, clips, bytes, window, warmClips, receiveBuffer));
        }
        if (bound > 0) {
            try (ChildServer relay = ChildServer.relay(relayJvm, relayClassPath,
                    List.of("--max-buffered-bytes", Long.toString(bound)))) {
                results.add(Stall.run(relay, bound + " (given)", readers, clips, bytes, window, warmClips, receiveBuffer));
            }
        }
        for (Stall.Result r : results) {
            String sc = "stall, bound " + r.bound().replaceFirst(" .*", "");
            double sentMb = clips * (double) bytes / 1e6;
            double growthMb = (r.rssPeak() - r.rssBefore()) / 1e6;
            report.add(sc, "stalled receiver's close; bytes it got", r.end().close() + "; "
                    + Report.num(r.end().bytes()), "-", "1013 " + met(r.end().closeCode() == CloseCodes.SLOW_CONSUMER));
            report.add(sc, "relay logged the drop, ms after the first clip", Report.num(r.dropMs()), "-", "");
            report.add(sc, "others told it left; when", r.leaves() + "/" + r.others() + (r.leaves() == 0 ? ""
                    : "; " + Report.num(r.firstLeaveMs()) + " ms, clip " + r.sentAtLeave() + "/" + r.clips()), "-",
                    "all " + met(r.leaves() == r.others()));
            report.add(sc, "relay heap MB before / peak / after", Report.num(r.heapBefore() / 1e6) + " / "
                    + Report.num(r.heapPeak() / 1e6) + " / " + Report.num(r.heapAfter() / 1e6), "-", "");
            report.add(sc, "relay RSS MB before / peak / after", Report.num(r.rssBefore() / 1e6) + " / "
                    + Report.num(r.rssPeak() / 1e6) + " / " + Report.num(r.rssAfter() / 1e6), "-",
                    "peak growth < " + Report.num(sentMb) + " MB sent " + met(growthMb < sentMb));
            report.add(sc, "every reader got every clip in seq order", r.everyClip() ? "yes" : "no", "-",
                    "yes " + met(r.everyClip()));
        }
    }

    /**
     * Live voice (protocol 2): one speaker streams in real time to L protocol-2 listeners in a room of its own, for
     * each L given; then a chat load in another room, measured without the live stream, with it (L =
     * {@code --interference-listeners}), and without it again.
     */
    void live(Report report) throws Exception {
        String listenersArg = args.string("listeners", "1,20,100");
        int messages = args.integer("messages", 3);
        double messageSeconds = args.decimal("message-seconds", 5);
        int chunkMs = args.integer("chunk-ms", 20);
        int chatReceivers = args.integer("chat-receivers", 20);
        int chatSenders = args.integer("chat-senders", 5);
        double chatRate = args.decimal("chat-rate", 200);
        int chatBytes = args.integer("chat-bytes", 100);
        int interferenceListeners = args.integer("interference-listeners", 20);
        args.checkAllUsed();
        int[] counts = Arrays.stream(listenersArg.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
        if (messages < 1 || messageSeconds <= 0 || chunkMs < 1 || Arrays.stream(counts).anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("live needs --messages >= 1, --message-seconds > 0, --chunk-ms >= 1"
                    + " and --listeners of at least 1 each");
        }
        List<LivePhase> phases = new ArrayList<>();
        try (ChildServer relay = relay()) {
            SSLContext tls = Pinning.context(relay.fingerprint);
            String relayEngine = null;
            // rooms (and so message ids) unique to this run: a relay given by --relay keeps what earlier runs stored,
            // and would replay it or refuse a repeated id as a duplicate
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (int p = 0; p < counts.length; p++) {
                int n = counts[p];
                try (Live live = Live.join(relay, tls, "live-" + run + "-" + p + "-" + n, n, chunkMs)) {
                    if (relayEngine == null) {
                        relayEngine = engine(relay, live.tlsSession());
                        report.add("live", "server engine", relayEngine, "-", "");
                    }
                    LivePhase phase = livePhase(relay, live, messages, messageSeconds);
                    phases.add(phase);
                    phase.print(messages, messageSeconds, chunkMs, live.chunkBytes());
                    phase.report(report);
                }
            }
            LivePhase.printMarginal(phases);
            if (interferenceListeners > 0 && chatRate > 0) {
                interference(report, relay, tls, "live-" + run + "-beside-chat", interferenceListeners, messageSeconds, chunkMs,
                        new Traffic.Setup(Traffic.Kind.TEXT, chatReceivers, chatSenders, false, chatBytes), chatRate);
            }
        }
    }

    /**
     * One live phase: a warm-up message ({@code --warmup} seconds, not counted), the relay's idle CPU with everyone
     * joined ({@code --seconds}), then {@code messages} measured messages back to back.
     */
    private LivePhase livePhase(ChildServer relay, Live live, int messages, double messageSeconds)
            throws InterruptedException {
        if (warmup > 0) {
            live.stream(warmup, false);
        }
        Thread.sleep(500);
        boolean measured = relay.measurable();
        long idleCpu0 = relay.cpuNanos();
        long idle0 = System.nanoTime();
        Thread.sleep(Math.max(1, seconds) * 1000L);
        double idleCores = measured ? (relay.cpuNanos() - idleCpu0) / (double) (System.nanoTime() - idle0) : Double.NaN;
        live.takeLatency();
        Map<String, Long> threads0 = relay.threadCpu();
        long gen0 = Traffic.generatorCpuNanos();
        long sys0 = relay.systemNanos();
        long cpuAll0 = relay.cpuNanos();
        long all0 = System.nanoTime();
        List<LiveMessage> done = new ArrayList<>();
        List<double[]> perMessage = new ArrayList<>(); // relay CPU ns, wall ns
        for (int i = 0; i < messages; i++) {
            long cpu0 = relay.cpuNanos();
            long t0 = System.nanoTime();
            LiveMessage m = live.stream(messageSeconds, true);
            long t1 = System.nanoTime();
            long cpu1 = relay.cpuNanos();
            done.add(m);
            perMessage.add(new double[] {cpu1 - cpu0, t1 - t0});
        }
        double wall = (System.nanoTime() - all0) / 1e9;
        long cpuAll = relay.cpuNanos() - cpuAll0;
        double kernelShare = measured && cpuAll > 0 ? 100.0 * (relay.systemNanos() - sys0) / cpuAll : Double.NaN;
        String hot = ChildServer.topThreads(threads0, relay.threadCpu(), 5, wall);
        double genCores = (Traffic.generatorCpuNanos() - gen0) / 1e9 / wall;
        return new LivePhase(live.listenerCount(), done, perMessage, measured ? idleCores : Double.NaN, kernelShare,
                live.takeLatency(), hot, genCores, live.anomalies(), live.lastError());
    }

    /** Chat in room "bench" at a fixed offered rate: without a live stream, while one streams to a room, without again. */
    private void interference(Report report, ChildServer relay, SSLContext tls, String room, int listeners,
                              double messageSeconds,
                              int chunkMs, Traffic.Setup setup, double rate) throws Exception {
        List<String> figures = Report.list("sent/s", "delivered/s", "latency p50 ms", "latency p90 ms",
                "latency p99 ms", "latency max ms", "server CPU cores", "generator CPU cores", "order errors");
        String who = setup.receivers() + " receivers + " + setup.senders() + " senders, " + Report.num(rate) + " msgs/s offered";
        List<Window> before;
        List<Window> with;
        List<Window> after;
        List<LiveMessage> streamed = new ArrayList<>();
        Histogram streamLatency;
        try (Traffic chat = Traffic.connect(relay, tls, setup);
             Live live = Live.join(relay, tls, room, listeners, chunkMs)) {
            before = chat.run(1, rate, warmup, seconds, runs);
            Report.printPhase("live interference: chat, no live stream, " + who, before, figures);
            live.takeLatency();
            AtomicBoolean stop = new AtomicBoolean();
            Exception[] failed = {null};
            Thread streamer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        streamed.add(live.stream(messageSeconds, true));
                    }
                } catch (Exception e) {
                    failed[0] = e;
                }
            }, "bench-live-streamer");
            streamer.start(); // the chat's warm-up lets the stream get going before the measured windows
            try {
                with = chat.run(1, rate, warmup, seconds, runs);
            } finally {
                stop.set(true);
                streamer.join(); // the message under way ends (and is checked) first; join orders streamed and failed
            }
            if (failed[0] != null) {
                throw failed[0];
            }
            streamLatency = live.takeLatency();
            Report.printPhase("live interference: chat while 1 speaker streams to " + listeners
                    + " listeners in another room, " + who, with, figures);
            after = chat.run(1, rate, warmup, seconds, runs);
            Report.printPhase("live interference: chat, no live stream again, " + who, after, figures);
            LivePhase stream = new LivePhase(listeners, streamed, List.of(), Double.NaN, Double.NaN, streamLatency, "", Double.NaN,
                    live.anomalies(), live.lastError());
            System.out.println();
            System.out.println("== live interference: the stream beside the chat (" + streamed.size() + " messages of "
                    + Report.num(messageSeconds) + " s to " + listeners + " listeners)");
            stream.printChecks();
        }
        double p50Without = (Report.median(before, "latency p50 ms") + Report.median(after, "latency p50 ms")) / 2;
        double p99Without = (Report.median(before, "latency p99 ms") + Report.median(after, "latency p99 ms")) / 2;
        double p50With = Report.median(with, "latency p50 ms");
        double p99With = Report.median(with, "latency p99 ms");
        System.out.println();
        System.out.printf(Locale.ROOT, "  chat latency p50 / p99 ms: without %s / %s (before %s / %s, after %s / %s);"
                        + " with the stream %s / %s; difference %+.2f / %+.2f ms%n",
                Report.num(p50Without), Report.num(p99Without),
                Report.num(Report.median(before, "latency p50 ms")), Report.num(Report.median(before, "latency p99 ms")),
                Report.num(Report.median(after, "latency p50 ms")), Report.num(Report.median(after, "latency p99 ms")),
                Report.num(p50With), Report.num(p99With), p50With - p50Without, p99With - p99Without);
        double cpuWithout = (Report.median(before, "server CPU cores") + Report.median(after, "server CPU cores")) / 2;
        double cpuWith = Report.median(with, "server CPU cores");
        System.out.printf(Locale.ROOT, "  relay CPU %% of one core: without %s, with the stream %s%n",
                Report.num(100 * cpuWithout), Report.num(100 * cpuWith));
        String sc = "live beside chat " + setup.receivers() + "+" + setup.senders() + " @" + Report.num(rate) + "/s";
        report.add(sc, "chat p50/p99 ms without / with a stream to " + listeners,
                Report.num(p50Without) + " / " + Report.num(p99Without) + " -> " + Report.num(p50With) + " / "
                        + Report.num(p99With), String.format(Locale.ROOT, "difference %+.2f / %+.2f ms",
                        p50With - p50Without, p99With - p99Without), "");
        report.add(sc, "order errors (seq not last+1)", Report.num(sum(before, with, after)), "-", "0");
    }

    /** The figures of one live phase (L listeners, measured messages). */
    private record LivePhase(int listeners, List<LiveMessage> messages, List<double[]> perMessage, double idleCores,
                             double kernelShare, Histogram latency, String hotThreads, double generatorCores, long anomalies,
                             String lastError) {
        /** Audio seconds per message. */
        double audioSeconds(LiveMessage m) {
            return m.durationMs() / 1000.0;
        }

        double[] sorted(java.util.function.ToDoubleBiFunction<LiveMessage, double[]> f) {
            double[] v = new double[messages.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.applyAsDouble(messages.get(i), perMessage.get(i));
            }
            Arrays.sort(v);
            return v;
        }

        /** Relay CPU (cores) while streaming, per message. */
        double[] cores() {
            return sorted((m, c) -> c[0] / c[1]);
        }

        double[] grossPerListenerSecond() {
            return sorted((m, c) -> c[0] / 1e3 / (listeners * audioSeconds(m)));
        }

        double[] netPerListenerSecond() {
            return sorted((m, c) -> (c[0] - idleCores * c[1]) / 1e3 / (listeners * audioSeconds(m)));
        }

        long expectedCopies() {
            return messages.stream().mapToLong(m -> (long) m.chunks * listeners).sum();
        }

        long goodCopies() {
            return messages.stream().mapToLong(m -> m.goodCopies.get()).sum();
        }

        long count(java.util.function.ToIntFunction<LiveMessage> f) {
            return messages.stream().mapToLong(f::applyAsInt).sum();
        }

        boolean everyChunk() {
            return goodCopies() == expectedCopies() && count(m -> m.orderErrors.get()) == 0
                    && count(m -> m.payloadErrors.get()) == 0 && anomalies == 0
                    && count(m -> m.starts.get()) == (long) messages.size() * listeners;
        }

        boolean everyStored() {
            return count(m -> m.storedGood.get()) == (long) messages.size() * (listeners + 1)
                    && count(m -> m.storedBad.get()) == 0 && count(m -> m.aborts.get()) == 0
                    && messages.stream().allMatch(m -> m.echoPcmEqual == 1);
        }

        void print(int n, double messageSeconds, int chunkMs, int chunkBytes) {
            System.out.println();
            System.out.println("== live, Parley relay, 1 speaker -> " + listeners + " protocol-2 listener"
                    + (listeners == 1 ? "" : "s") + ", " + n + " message" + (n == 1 ? "" : "s") + " of " + Report.num(messageSeconds) + " s ("
                    + messages.get(0).chunks + " chunks of " + chunkMs + " ms = " + chunkBytes
                    + " bytes of 16 kHz mono PCM16, paced by the clock); median [min .. max] over messages");
            row("relay CPU % of one core", scale(cores(), 100));
            row("relay CPU us/listener-s", grossPerListenerSecond());
            row("  net of idle", netPerListenerSecond());
            double net = median(netPerListenerSecond());
            System.out.printf(Locale.ROOT, "  %-26s %12s   (relay idle %s %% of one core, same clients joined)%n",
                    "  = % of one core/listener", Report.num(net / 1e4), Report.num(100 * idleCores));
            System.out.printf(Locale.ROOT, "  %-26s %12s%n", "relay kernel share %", Report.num(kernelShare));
            System.out.printf(Locale.ROOT, "  %-26s %12s%n", "generator CPU cores", Report.num(generatorCores));
            if (!hotThreads.isEmpty()) {
                System.out.println("  hottest relay threads while streaming: " + hotThreads);
            }
            printChecks();
        }

        void printChecks() {
            System.out.printf(Locale.ROOT, "  chunk latency, speaker send -> listener receive, all %,d copies:"
                            + " %s ms%n", latency.getTotalCount(), Latencies.labelled(latency, 50, 95, 99));
            Histogram lag = Latencies.histogram();
            Histogram echo = Latencies.histogram();
            for (LiveMessage m : messages) {
                lag.add(m.sendLag);
                if (m.echoNanos > 0) {
                    Latencies.record(echo, (m.echoNanos - m.endNanos) / 1000);
                }
            }
            System.out.printf(Locale.ROOT, "  pacing: chunks left p99 %s / max %s ms after their due time;"
                    + " voice-end -> stored echo p50 %s / max %s ms%n", Report.num(Latencies.millis(lag, 99)),
                    Report.num(Latencies.maxMillis(lag)), Report.num(Latencies.millis(echo, 50)),
                    Report.num(Latencies.maxMillis(echo)));
            System.out.printf(Locale.ROOT, "  every listener got every chunk in order with the bytes sent: %s (%,d of %,d"
                            + " copies; order errors %d, payload errors %d, voice-start %d of %d, other anomalies %d)%n",
                    everyChunk() ? "yes" : "NO", goodCopies(), expectedCopies(),
                    count(m -> m.orderErrors.get()), count(m -> m.payloadErrors.get()), count(m -> m.starts.get()),
                    (long) messages.size() * listeners, anomalies);
            System.out.printf(Locale.ROOT, "  stored messages right (durationMs %d, PCM = the chunks in order): %s (%d of"
                            + " %d copies, speaker's echo included; bad %d; aborts %d; echo PCM equal %d of %d)%n",
                    messages.get(0).durationMs(), everyStored() ? "yes" : "NO", count(m -> m.storedGood.get()),
                    (long) messages.size() * (listeners + 1), count(m -> m.storedBad.get()), count(m -> m.aborts.get()),
                    messages.stream().filter(m -> m.echoPcmEqual == 1).count(), messages.size());
            if (!(everyChunk() && everyStored()) && lastError != null) {
                System.out.println("  last error or abort seen: " + lastError);
            }
        }

        void report(Report report) {
            String sc = "live 1 -> " + listeners;
            double net = median(netPerListenerSecond());
            report.add(sc, "relay CPU us per listener-second (net of idle)",
                    Report.num(median(grossPerListenerSecond())) + " (" + Report.num(net) + ")",
                    "= " + Report.num(net / 1e4) + " % of one core per listener; "
                            + Report.num(100 * median(cores())) + " % while streaming", "");
            report.add(sc, "chunk latency p50/p95/p99 ms", Latencies.millis(latency, 50, 95, 99), "-", "");
            boolean ok = everyChunk() && everyStored();
            report.add(sc, "every chunk in order; stored clip = chunks", ok ? "yes" : "no", "-", "yes " + met(ok));
        }

        /** Marginal relay CPU per added listener-second between consecutive phases (the stream's own cost cancels). */
        static void printMarginal(List<LivePhase> phases) {
            for (int i = 1; i < phases.size(); i++) {
                LivePhase a = phases.get(i - 1);
                LivePhase b = phases.get(i);
                if (b.listeners == a.listeners || Double.isNaN(a.idleCores)) {
                    continue;
                }
                double marginal = (median(b.cores()) - median(a.cores())) * 1e6 / (b.listeners - a.listeners);
                System.out.printf(Locale.ROOT, "  marginal relay CPU per added listener, %d -> %d listeners:"
                        + " %s us per listener-second%n", a.listeners, b.listeners, Report.num(marginal));
            }
        }

        private static void row(String name, double[] sorted) {
            System.out.printf(Locale.ROOT, "  %-26s %12s   [%s .. %s]%n", name, Report.num(median(sorted)),
                    Report.num(sorted[0]), Report.num(sorted[sorted.length - 1]));
        }

        private static double[] scale(double[] v, double k) {
            return Arrays.stream(v).map(x -> x * k).toArray();
        }
    }

    /** The connection runs against one kind of server, a fresh one per run, and what it said its engine was. */
    private record Held(List<Map<String, Double>> results, String engine) {
        double median(String figure) {
            return Scenarios.median(results, figure);
        }
    }

    private interface Starter {
        ChildServer start() throws IOException;
    }

    private Held hold(Starter starter, int n, int roomSize, int parallel, int stalled) throws Exception {
        List<Map<String, Double>> results = new ArrayList<>();
        String name = null;
        String engine = null;
        for (int r = 0; r < runs; r++) {
            try (ChildServer server = starter.start()) {
                String[] session = new String[1];
                results.add(Connections.run(server, n, roomSize, parallel, stalled, s -> session[0] = s));
                if (engine == null) {
                    name = server.name;
                    engine = engine(server, session[0]);
                }
            }
        }
        System.out.println();
        System.out.println("== connections, " + name + ", " + n + " idle joined TLS connections in rooms of "
                + roomSize + " (" + runs + " runs, fresh server each; median [min .. max])");
        for (String f : results.get(0).keySet()) {
            double[] v = results.stream().mapToDouble(m -> m.get(f)).sorted().toArray();
            System.out.printf(Locale.ROOT, "  %-26s %12s   [%s .. %s]%n", f, Report.num(median(v)),
                    Report.num(v[0]), Report.num(v[v.length - 1]));
        }
        return new Held(results, engine);
    }

    private static String perConnection(Held h) {
        return Report.num(h.median("heap KB/connection")) + " / " + Report.num(h.median("RSS KB/connection"))
                + " (" + Report.num(h.median("marginal heap KB/conn")) + " / "
                + Report.num(h.median("marginal RSS KB/conn")) + ")";
    }

    void tls(Report report) throws Exception {
        List<Window> w = TlsLoopback.measure(2, runs);
        Report.printPhase("TLS loopback, one JSSE socket pair in one JVM", w,
                Report.list("delivered MB/s", "generator CPU cores"));
        tlsMegabytesPerSecond = Report.median(w, "delivered MB/s");
        if (report != null) {
            double cpuPerMb = Report.median(w, "generator CPU cores") * 1000 / tlsMegabytesPerSecond;
            report.add("tls pair", "MB/s (CPU ms/MB, both ends)", Report.num(tlsMegabytesPerSecond) + " ("
                    + Report.num(cpuPerMb) + ")", "ceiling for bytes", "");
        }
    }

    @SafeVarargs
    private static double sum(List<Window>... phases) {
        double n = 0;
        for (List<Window> p : phases) {
            for (Window w : p) {
                n += w.orderErrors();
            }
        }
        return n;
    }

    private static double median(List<Map<String, Double>> results, String f) {
        return median(results.stream().mapToDouble(m -> m.get(f)).sorted().toArray());
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String met(boolean ok) {
        return ok ? "MET" : "NOT MET";
    }
}
