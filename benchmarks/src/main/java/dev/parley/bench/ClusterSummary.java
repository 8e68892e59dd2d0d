package dev.parley.bench;

import java.util.List;
import java.util.StringJoiner;

/**
 * The cluster scenario's summary rows: each figure of the cluster (value) beside the same figure of one relay on
 * SQLite (reference), with cluster ÷ one relay for the costs. A cluster's CPU is its relays' plus PostgreSQL's plus
 * nats-server's, each a median over the windows (or, live, over all measured messages), added up.
 */
final class ClusterSummary {
    private ClusterSummary() {
    }

    /**
     * @param byReference the clip load on a cluster that sends every clip by reference ({@code --clips-by-reference}),
     *                    or {@code null}
     */
    static void add(Report report, ClusterScenario options, ClusterScenario.Runs one, ClusterScenario.Runs cluster,
                    ClusterScenario.Runs byReference) {
        String parts = parts(cluster.deployment());
        report.add("cluster", "servers", cluster.deployment().servers, one.deployment().servers, "");

        String text = "cluster text " + options.receivers + "+" + options.senders + " @" + Report.num(options.rate) + "/s";
        report.add(text, "delivered/s", Report.num(Report.median(cluster.text(), "delivered/s")),
                "one relay " + Report.num(Report.median(one.text(), "delivered/s")), "");
        cost(report, text, "CPU us/delivery: " + parts, windowsCpu(cluster, cluster.text(), "us/delivery"),
                windowsCpu(one, one.text(), "us/delivery"));
        report.add(text, "latency p50/p99 ms", pair(cluster.text(), "latency p50 ms", "latency p99 ms"),
                "one relay " + pair(one.text(), "latency p50 ms", "latency p99 ms"), "");
        report.add(text, "order errors (seq not last+1)", Report.num(Window.orderErrors(cluster.text())),
                "one relay " + Report.num(Window.orderErrors(one.text())), "0");

        String clips = "cluster clips " + options.clipReceivers + "+" + options.clipSenders;
        report.add(clips, "delivered MB/s", Report.num(Report.median(cluster.clips(), "delivered MB/s")),
                "one relay " + Report.num(Report.median(one.clips(), "delivered MB/s")), "");
        cost(report, clips, "CPU ms per delivered MB: " + parts, windowsCpu(cluster, cluster.clips(), "ms/MB"),
                windowsCpu(one, one.clips(), "ms/MB"));
        report.add(clips, "clip latency p50/p99 ms", pair(cluster.clips(), "latency p50 ms", "latency p99 ms"),
                "one relay " + pair(one.clips(), "latency p50 ms", "latency p99 ms"), "");
        report.add(clips, "order errors (seq not last+1)", Report.num(Window.orderErrors(cluster.clips())),
                "one relay " + Report.num(Window.orderErrors(one.clips())), "0");
        report.add(clips, "clip latency p50/p99 ms, other relay (same relay)", byRelay(cluster.clips()), "", "");
        if (byReference != null) {
            byReference(report, clips + " by reference", cluster, byReference);
        }

        String live = "cluster live 1 -> " + options.listeners;
        report.add(live, "chunk latency p50/p95/p99 ms", Latencies.millis(cluster.live().latency(), 50, 95, 99),
                "one relay " + Latencies.millis(one.live().latency(), 50, 95, 99), "");
        cost(report, live, "CPU us per listener-second, net of idle: " + parts, liveCpu(cluster), liveCpu(one));
        boolean ok = checks(cluster.live());
        report.add(live, "every chunk in order; stored clip = chunks", ok ? "yes" : "no",
                "one relay " + (checks(one.live()) ? "yes" : "no"), "yes " + Report.met(ok));
    }

    /**
     * The clip rows of a cluster sending every clip by reference beside the same cluster's inline (the NATS event
     * carrying the clip), by reference ÷ inline for the costs.
     */
    private static void byReference(Report report, String scenario, ClusterScenario.Runs inline,
                                    ClusterScenario.Runs reference) {
        report.add(scenario, "delivered MB/s", Report.num(Report.median(reference.clips(), "delivered MB/s")),
                "inline " + Report.num(Report.median(inline.clips(), "delivered MB/s")), "");
        double[] ref = windowsCpu(reference, reference.clips(), "ms/MB");
        double[] in = windowsCpu(inline, inline.clips(), "ms/MB");
        report.add(scenario, "CPU ms per delivered MB: " + parts(reference.deployment()), sum(ref),
                "inline " + sum(in) + " (reference/inline " + Report.ratio(total(ref), total(in)) + ")", "");
        report.add(scenario, "clip latency p50/p99 ms", pair(reference.clips(), "latency p50 ms", "latency p99 ms"),
                "inline " + pair(inline.clips(), "latency p50 ms", "latency p99 ms"), "");
        report.add(scenario, "clip latency p50/p99 ms, other relay (same relay)", byRelay(reference.clips()),
                "inline " + byRelay(inline.clips()), "");
        report.add(scenario, "order errors (seq not last+1)", Report.num(Window.orderErrors(reference.clips())),
                "inline " + Report.num(Window.orderErrors(inline.clips())), "0");
    }

    /** "a + b + c = total". */
    private static String sum(double[] parts) {
        StringJoiner j = new StringJoiner(" + ");
        for (double p : parts) {
            j.add(Report.num(p));
        }
        return j + " = " + Report.num(total(parts));
    }

    private static double total(double[] parts) {
        double t = 0;
        for (double p : parts) {
            t += p;
        }
        return t;
    }

    /** "relays + PostgreSQL + nats-server = total", or "relay" for one. */
    private static String parts(Deployment d) {
        StringJoiner j = new StringJoiner(" + ");
        j.add("relays");
        d.beside.forEach(j::add);
        return j + " = total";
    }

    /** A cost row: the cluster's parts and total, one relay's, and cluster ÷ one relay. */
    private static void cost(Report report, String scenario, String figure, double[] cluster, double[] one) {
        double single = one[0];
        report.add(scenario, figure, sum(cluster), "one relay " + Report.num(single)
                + " (cluster/one " + Report.ratio(total(cluster), single) + ")", "");
    }

    /** The relays' CPU, then each process's beside them, medians over the windows. */
    private static double[] windowsCpu(ClusterScenario.Runs runs, List<Window> windows, String unit) {
        List<String> beside = runs.deployment().beside;
        double[] out = new double[1 + beside.size()];
        out[0] = Report.median(windows, "server CPU " + unit);
        for (int i = 0; i < beside.size(); i++) {
            out[i + 1] = Report.median(windows, beside.get(i) + " CPU " + unit);
        }
        return out;
    }

    /**
     * Per listener-second, net of each process's idle CPU (PostgreSQL's checkpointer and autovacuum, the relays'
     * timers): the relays' (median over messages), then each process's beside them (over all messages).
     */
    private static double[] liveCpu(ClusterScenario.Runs runs) {
        List<String> beside = runs.deployment().beside;
        double[] out = new double[1 + beside.size()];
        out[0] = runs.live().perListenerSecond().net();
        for (int i = 0; i < beside.size(); i++) {
            out[i + 1] = runs.live().beside().get(beside.get(i)).net();
        }
        return out;
    }

    /** "other p50 / p99 (same p50 / p99)": copies from another relay, and from the sender's. */
    private static String byRelay(List<Window> windows) {
        return pair(windows, "other-relay latency p50 ms", "other-relay latency p99 ms") + " ("
                + pair(windows, "same-relay latency p50 ms", "same-relay latency p99 ms") + ")";
    }

    private static String pair(List<Window> windows, String a, String b) {
        return Report.num(Report.median(windows, a)) + " / " + Report.num(Report.median(windows, b));
    }

    private static boolean checks(LivePhase p) {
        return p.everyChunk() && p.everyStored();
    }
}
