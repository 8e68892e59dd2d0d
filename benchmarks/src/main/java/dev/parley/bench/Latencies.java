package dev.parley.bench;

import org.HdrHistogram.Histogram;

import java.util.StringJoiner;

/**
 * Latency histograms in microseconds (HdrHistogram, three significant digits) and how reports print them: in
 * milliseconds, a percentile as the highest value of its bucket, 0 when nothing was recorded. Public for the reference
 * servers' own clients, which record their latencies here too.
 */
public final class Latencies {
    private static final int SIGNIFICANT_DIGITS = 3;

    private Latencies() {
    }

    /** An empty histogram that grows to any value; not thread-safe (one per recording thread, then added up). */
    public static Histogram histogram() {
        return new Histogram(SIGNIFICANT_DIGITS);
    }

    /** Records one latency; a negative one (clocks of different machines) counts as 0. */
    public static void record(Histogram h, long micros) {
        h.recordValue(Math.max(0, micros));
    }

    /** The latency at {@code percentile} (0..100), in ms. */
    static double millis(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    /** The largest latency recorded, in ms. */
    static double maxMillis(Histogram h) {
        return h.getMaxValue() / 1e3;
    }

    /** The percentiles given, in ms as {@link Report#num} prints them, joined by " / ": "1.20 / 3.45 / 12.0". */
    static String millis(Histogram h, double... percentiles) {
        StringJoiner j = new StringJoiner(" / ");
        for (double p : percentiles) {
            j.add(Report.num(millis(h, p)));
        }
        return j.toString();
    }

    /** Each percentile given with its name, then the max, in ms: "p50 1.20 / p99 12.0 / max 15.3". */
    static String labelled(Histogram h, double... percentiles) {
        StringJoiner j = new StringJoiner(" / ");
        for (double p : percentiles) {
            j.add("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)) + " " + Report.num(millis(h, p)));
        }
        return j.add("max " + Report.num(maxMillis(h))).toString();
    }
}
