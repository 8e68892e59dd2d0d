package dev.parley.client.audio;

import java.util.ArrayList;
import java.util.List;

/** The pitch of a voice, measured for tests: autocorrelation over 40 ms windows that have sound in them. */
final class Pitch {
    private static final double LOWEST_HZ = 50;
    private static final double HIGHEST_HZ = 900;

    private Pitch() {
    }

    /** The median fundamental frequency, Hz, over the voiced windows of a mono signal. */
    static double median(short[] samples, int rate) {
        int window = rate / 25;
        double loud = Sounds.rms(samples, 0, samples.length) * 0.5;
        List<Double> found = new ArrayList<>();
        for (int at = 0; at + window <= samples.length; at += window / 2) {
            if (Sounds.rms(samples, at, at + window) < loud) {
                continue;
            }
            double f = ofWindow(samples, at, window, rate);
            if (f > 0) {
                found.add(f);
            }
        }
        if (found.isEmpty()) {
            return 0;
        }
        found.sort(null);
        return found.get(found.size() / 2);
    }

    /** The fundamental of one window, or 0 when it is not periodic enough. */
    private static double ofWindow(short[] s, int at, int window, int rate) {
        int minLag = (int) (rate / HIGHEST_HZ);
        int maxLag = Math.min(window / 2, (int) (rate / LOWEST_HZ));
        int n = window - maxLag;
        double[] r = new double[maxLag + 1];
        double best = 0;
        for (int lag = minLag; lag <= maxLag; lag++) {
            double cross = 0;
            double e0 = 0;
            double e1 = 0;
            for (int i = 0; i < n; i++) {
                double a = s[at + i];
                double b = s[at + i + lag];
                cross += a * b;
                e0 += a * a;
                e1 += b * b;
            }
            r[lag] = cross / Math.sqrt(e0 * e1 + 1e-9);
            best = Math.max(best, r[lag]);
        }
        if (best < 0.5) {
            return 0;
        }
        // the first peak nearly as high as the highest: not a multiple of the period
        for (int lag = minLag + 1; lag < maxLag; lag++) {
            if (r[lag] >= 0.9 * best && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
                return (double) rate / lag;
            }
        }
        return 0;
    }
}
