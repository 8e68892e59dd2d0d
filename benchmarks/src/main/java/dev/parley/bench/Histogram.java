package dev.parley.bench;

/**
 * A log-linear histogram of non-negative values (microseconds here): exact below 1024, then 1/512 relative
 * precision. Fixed size, no allocation per record; not thread-safe (one per recording thread, then merged).
 */
final class Histogram {
    private static final int LINEAR = 1024;
    private static final int SUB_BITS = 9;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[LINEAR + 54 * SUB];
    private long total;
    private long max;

    void record(long value) {
        long v = Math.max(0, value);
        counts[index(v)]++;
        total++;
        if (v > max) {
            max = v;
        }
    }

    void add(Histogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long max() {
        return max;
    }

    /** The value at quantile q (0..1), as the upper edge of its bucket (never above the max seen). */
    long quantile(double q) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(max, upper(i));
            }
        }
        return max;
    }

    private static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // v >> shift is in [512, 1024)
        return LINEAR + (shift - 1) * SUB + (int) ((v >> shift) - SUB);
    }

    private static long upper(int i) {
        if (i < LINEAR) {
            return i;
        }
        int shift = (i - LINEAR) / SUB + 1;
        long base = (long) ((i - LINEAR) % SUB + SUB) << shift;
        return base + (1L << shift) - 1;
    }
}
