package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToIntFunction;

/**
 * What one live phase measured on one server (one speaker to L listeners, its measured messages) and how it prints: a
 * table and the checks of every chunk and stored copy.
 *
 * @param perMessage per message: the server's CPU ns and the wall ns while it was streamed (and stored)
 * @param idleCores  the server's CPU (cores) with everyone joined and nobody streaming; NaN if not measured
 * @param latency    chunk latencies (µs), speaker send to listener receive, over all copies
 * @param beside     CPU µs per listener-second of each process beside the server (a cluster's PostgreSQL and
 *                   nats-server), over all the measured messages, gross and net of its idle CPU, by name
 */
record LivePhase(int listeners, List<LiveMessage> messages, List<double[]> perMessage, double idleCores,
                 double kernelShare, Histogram latency, String hotThreads, double generatorCores, long anomalies,
                 String lastError, Map<String, LiveSummary.Cpu> beside) {
    /** A phase of a server with nothing measured beside it. */
    LivePhase(int listeners, List<LiveMessage> messages, List<double[]> perMessage, double idleCores,
              double kernelShare, Histogram latency, String hotThreads, double generatorCores, long anomalies,
              String lastError) {
        this(listeners, messages, perMessage, idleCores, kernelShare, latency, hotThreads, generatorCores, anomalies,
                lastError, Map.of());
    }

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

    /** Server CPU (cores) while streaming, per message. */
    double[] cores() {
        return sorted((m, c) -> c[0] / c[1]);
    }

    double[] grossPerListenerSecond() {
        return sorted((m, c) -> c[0] / 1e3 / (listeners * audioSeconds(m)));
    }

    double[] netPerListenerSecond() {
        return sorted((m, c) -> (c[0] - idleCores * c[1]) / 1e3 / (listeners * audioSeconds(m)));
    }

    /** Median server CPU µs per listener-second of audio, and the same net of idle. */
    LiveSummary.Cpu perListenerSecond() {
        return new LiveSummary.Cpu(Report.median(grossPerListenerSecond()), Report.median(netPerListenerSecond()));
    }

    /** Median server CPU while streaming, % of one core, and the same net of idle. */
    LiveSummary.Cpu corePercent() {
        double gross = 100 * Report.median(cores());
        return new LiveSummary.Cpu(gross, gross - 100 * idleCores);
    }

    /** Whether the server stores each message and sends it back (the Parley relay), or stores nothing. */
    boolean stores() {
        return messages.stream().anyMatch(m -> m.storedCopies > 0);
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

    /** Every stored copy right (each listener's and the speaker's echo); true for a server that stores nothing. */
    boolean everyStored() {
        return count(m -> m.storedGood.get()) == count(m -> m.storedCopies)
                && count(m -> m.storedBad.get()) == 0 && count(m -> m.aborts.get()) == 0
                && messages.stream().allMatch(m -> m.storedCopies == 0 || m.echoPcmEqual == 1);
    }

    /**
     * Prints the phase's table under a title naming the server (e.g. "Parley relay") and what a chunk is (e.g. "640
     * bytes of 16 kHz mono PCM16"), then its checks.
     */
    void print(String server, int n, double messageSeconds, int chunkMs, String chunkContent) {
        System.out.println();
        System.out.println("== live, " + server + ", 1 speaker -> " + listeners + " listener"
                + (listeners == 1 ? "" : "s") + ", " + n + " message" + (n == 1 ? "" : "s") + " of "
                + Report.num(messageSeconds) + " s (" + messages.get(0).chunks + " chunks of " + chunkMs + " ms = "
                + chunkContent + ", paced by the clock); median [min .. max] over messages");
        row("server CPU % of one core", scale(cores(), 100));
        row("server CPU us/listener-s", grossPerListenerSecond());
        row("  net of idle", netPerListenerSecond());
        double net = Report.median(netPerListenerSecond());
        System.out.printf(Locale.ROOT, "  %-26s %12s   (server idle %s %% of one core, same clients joined)%n",
                "  = % of one core/listener", Report.num(net / 1e4), Report.num(100 * idleCores));
        System.out.printf(Locale.ROOT, "  %-26s %12s%n", "server kernel share %", Report.num(kernelShare));
        beside.forEach((name, cpu) -> System.out.printf(Locale.ROOT, "  %-26s %12s   (all measured messages; net of"
                + " its idle %s)%n", name + " CPU us/listener-s", Report.num(cpu.gross()), Report.num(cpu.net())));
        System.out.printf(Locale.ROOT, "  %-26s %12s%n", "generator CPU cores", Report.num(generatorCores));
        if (!hotThreads.isEmpty()) {
            System.out.println("  hottest server threads while streaming: " + hotThreads);
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
        System.out.printf(Locale.ROOT, "  pacing: chunks left p99 %s / max %s ms after their due time%s%n",
                Report.num(Latencies.millis(lag, 99)), Report.num(Latencies.maxMillis(lag)), !stores() ? ""
                        : "; voice-end -> stored echo p50 " + Report.num(Latencies.millis(echo, 50)) + " / max "
                        + Report.num(Latencies.maxMillis(echo)) + " ms");
        System.out.printf(Locale.ROOT, "  every listener got every chunk in order with the bytes sent: %s (%,d of %,d"
                        + " copies; order errors %d, payload errors %d, %s %d of %d, other anomalies %d)%n",
                everyChunk() ? "yes" : "NO", goodCopies(), expectedCopies(),
                count(m -> m.orderErrors.get()), count(m -> m.payloadErrors.get()),
                stores() ? "voice-start" : "stream starts", count(m -> m.starts.get()),
                (long) messages.size() * listeners, anomalies);
        if (!stores()) {
            System.out.println("  stored messages: none (this server stores nothing)");
        } else {
            System.out.printf(Locale.ROOT, "  stored messages right (durationMs %d, PCM = the chunks in order): %s (%d"
                            + " of %d copies, speaker's echo included; bad %d; aborts %d; echo PCM equal %d of %d)%n",
                    messages.get(0).durationMs(), everyStored() ? "yes" : "NO", count(m -> m.storedGood.get()),
                    count(m -> m.storedCopies), count(m -> m.storedBad.get()), count(m -> m.aborts.get()),
                    messages.stream().filter(m -> m.echoPcmEqual == 1).count(), messages.size());
        }
        if (!(everyChunk() && everyStored()) && lastError != null) {
            System.out.println("  last error or abort seen: " + lastError);
        }
    }

    /** Marginal server CPU per added listener-second between consecutive phases (the stream's own cost cancels). */
    static void printMarginal(List<LivePhase> phases) {
        for (int i = 1; i < phases.size(); i++) {
            LivePhase a = phases.get(i - 1);
            LivePhase b = phases.get(i);
            if (b.listeners == a.listeners || Double.isNaN(a.idleCores)) {
                continue;
            }
            double marginal = (Report.median(b.cores()) - Report.median(a.cores())) * 1e6 / (b.listeners - a.listeners);
            System.out.printf(Locale.ROOT, "  marginal server CPU per added listener, %d -> %d listeners:"
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
