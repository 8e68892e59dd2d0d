package dev.parley.bench;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
