package dev.parley.client.audio;

import java.util.Arrays;

/**
 * Which input frame an output frame of a {@link TimeStretch} plays: points (output frame, input frame) added in
 * increasing order, linear between them, and the last point's input frame after it (the clip's end once the
 * stretch is done). Not thread-safe: the playing thread both adds and asks.
 */
final class TimeMap {
    private long[] out = new long[64];
    private long[] in = new long[64];
    private int size;

    /**
     * Output frame {@code outFrame} plays input frame {@code inFrame}; {@code outFrame} never goes back, and an
     * {@code inFrame} before the last one is taken as the last one, so that progress never goes back either.
     */
    void add(long outFrame, long inFrame) {
        if (size > 0 && out[size - 1] == outFrame) {
            size--; // the later point wins: a mode change at the same output frame
        }
        long kept = size > 0 ? Math.max(inFrame, in[size - 1]) : inFrame;
        if (size == out.length) {
            out = Arrays.copyOf(out, size * 2);
            in = Arrays.copyOf(in, size * 2);
        }
        out[size] = outFrame;
        in[size] = kept;
        size++;
    }

    /** The input frame played at output frame {@code outFrame}; 0 before the first point. */
    long inputAt(long outFrame) {
        if (size == 0 || outFrame <= out[0]) {
            return size == 0 ? 0 : in[0];
        }
        int i = Arrays.binarySearch(out, 0, size, outFrame);
        if (i >= 0) {
            return in[i];
        }
        int after = -i - 1;
        if (after >= size) {
            return in[size - 1];
        }
        int before = after - 1;
        double t = (double) (outFrame - out[before]) / (out[after] - out[before]);
        return Math.round(in[before] + t * (in[after] - in[before]));
    }
}
