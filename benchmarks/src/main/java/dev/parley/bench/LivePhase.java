package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToIntFunction;

/**
 * What one live phase measured (one speaker to L listeners, its measured messages) and how it prints: a table, the
 * checks of every chunk and stored copy, and its summary rows.
 *
 * @param perMessage per message: the relay's CPU ns and the wall ns while it was streamed and stored
 * @param idleCores  the relay's CPU (cores) with everyone joined and nobody streaming; NaN if not measured
 * @param latency    chunk latencies (µs), speaker send to listener receive, over all copies
 */
record LivePhase(int listeners, List<LiveMessage> messages, List<double[]> perMessage, double idleCores,
                 double kernelShare, Histogram latency, String hotThreads, double generatorCores, long anomalies,
                 String lastError) {
    /** Audio seconds per message. */
    double audioSeconds(LiveMessage m) {
        return m.durationMs() / 1000.0;
    }

    double[] sorted(ToDoubleBiFunction<LiveMessage, double[]> f) {
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

    long count(ToIntFunction<LiveMessage> f) {
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

    /** Prints the phase's table under a title naming the server (e.g. "Parley relay"), then its checks. */
    void print(String server, int n, double messageSeconds, int chunkMs, int chunkBytes) {
        System.out.println();
        System.out.println("== live, " + server + ", 1 speaker -> " + listeners + " protocol-2 listener"
                + (listeners == 1 ? "" : "s") + ", " + n + " message" + (n == 1 ? "" : "s") + " of " + Report.num(messageSeconds) + " s ("
                + messages.get(0).chunks + " chunks of " + chunkMs + " ms = " + chunkBytes
                + " bytes of 16 kHz mono PCM16, paced by the clock); median [min .. max] over messages");
        row("relay CPU % of one core", scale(cores(), 100));
        row("relay CPU us/listener-s", grossPerListenerSecond());
        row("  net of idle", netPerListenerSecond());
        double net = Report.median(netPerListenerSecond());
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

    /** Adds the phase's summary rows under {@code scenario} (e.g. "live 1 -> 20"). */
    void report(Report report, String scenario) {
        double net = Report.median(netPerListenerSecond());
        report.add(scenario, "relay CPU us per listener-second (net of idle)",
                Report.num(Report.median(grossPerListenerSecond())) + " (" + Report.num(net) + ")",
                "= " + Report.num(net / 1e4) + " % of one core per listener; "
                        + Report.num(100 * Report.median(cores())) + " % while streaming", "");
        report.add(scenario, "chunk latency p50/p95/p99 ms", Latencies.millis(latency, 50, 95, 99), "-", "");
        boolean ok = everyChunk() && everyStored();
        report.add(scenario, "every chunk in order; stored clip = chunks", ok ? "yes" : "no", "-", "yes " + Report.met(ok));
    }

    /** Marginal relay CPU per added listener-second between consecutive phases (the stream's own cost cancels). */
    static void printMarginal(List<LivePhase> phases) {
        for (int i = 1; i < phases.size(); i++) {
            LivePhase a = phases.get(i - 1);
            LivePhase b = phases.get(i);
            if (b.listeners == a.listeners || Double.isNaN(a.idleCores)) {
                continue;
            }
            double marginal = (Report.median(b.cores()) - Report.median(a.cores())) * 1e6 / (b.listeners - a.listeners);
            System.out.printf(Locale.ROOT, "  marginal relay CPU per added listener, %d -> %d listeners:"
                    + " %s us per listener-second%n", a.listeners, b.listeners, Report.num(marginal));
        }
    }

    private static void row(String name, double[] sorted) {
        System.out.println(Report.spread(name, sorted));
    }

    private static double[] scale(double[] v, double k) {
        return Arrays.stream(v).map(x -> x * k).toArray();
    }
}
