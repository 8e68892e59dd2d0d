package dev.parley.relay.web.browser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How closely a recording follows the fake microphone's source, which the browser plays in a loop from wherever it
 * happens to be. The recording is cut into short windows; each is looked up over the whole (looped) source by
 * normalised cross-correlation (through an FFT), independently, so that the 10 ms the fake microphone now and then
 * skips or repeats (shared/GOTCHAS.md) moves the best lag instead of spoiling the rest. The figure is the median
 * window's correlation: 1 is the same waveform, a voice-like signal against a different place of itself stays far
 * below 0.9.
 */
public final class PcmMatch {
    /** One window of the recording: where it starts, how well it matched, and where in the source it matched. */
    public record Window(double startSeconds, double correlation, double sourceSeconds) {
    }

    /** Every window, in order, and their median correlation. */
    public record Result(double median, List<Window> windows) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(String.format("median correlation %.3f over %d windows:", median, windows.size()));
            for (Window w : windows) {
                s.append(String.format(" [%.2fs→src %.3fs r=%.3f]", w.startSeconds(), w.sourceSeconds(), w.correlation()));
            }
            return s.toString();
        }
    }

    private PcmMatch() {
    }

    /**
     * Compares {@code recorded} (mono, at {@code recordedRate}) with {@code source} (mono, at {@code sourceRate},
     * resampled to the recording's rate first) in windows of {@code windowSeconds}.
     */
    public static Result compare(short[] source, int sourceRate, short[] recorded, int recordedRate, double windowSeconds) {
        double[] src = resample(toDouble(source), sourceRate, recordedRate);
        double[] rec = toDouble(recorded);
        int w = (int) Math.round(windowSeconds * recordedRate);
        if (rec.length < w) {
            throw new IllegalArgumentException("the recording (" + rec.length + " samples) is shorter than one window");
        }
        int length = src.length;
        // the source as the browser plays it: looped, so a window may run over its end into its start
        double[] looped = Arrays.copyOf(src, length + w);
        for (int i = 0; i < w; i++) {
            looped[length + i] = src[i % length];
        }
        int n = Integer.highestOneBit(looped.length - 1) << 1;
        double[] sre = Arrays.copyOf(looped, n);
        double[] sim = new double[n];
        fft(sre, sim, false);
        double[] sum = new double[looped.length + 1];
        double[] sumSq = new double[looped.length + 1];
        for (int i = 0; i < looped.length; i++) {
            sum[i + 1] = sum[i] + looped[i];
            sumSq[i + 1] = sumSq[i] + looped[i] * looped[i];
        }
        List<Window> windows = new ArrayList<>();
        for (int start = 0; start + w <= rec.length; start += w) {
            windows.add(window(rec, start, w, sre, sim, sum, sumSq, length, n, recordedRate));
        }
        double[] values = windows.stream().mapToDouble(Window::correlation).sorted().toArray();
        double median = values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
        return new Result(median, windows);
    }

    private static Window window(double[] rec, int start, int w, double[] sre, double[] sim, double[] sum,
                                 double[] sumSq, int lags, int n, int rate) {
        double mean = 0;
        for (int i = 0; i < w; i++) {
            mean += rec[start + i];
        }
        mean /= w;
        double[] xre = new double[n];
        double[] xim = new double[n];
        double energy = 0;
        for (int i = 0; i < w; i++) {
            xre[i] = rec[start + i] - mean;
            energy += xre[i] * xre[i];
        }
        fft(xre, xim, false);
        // correlation = IFFT(S · conj(X))
        for (int i = 0; i < n; i++) {
            double re = sre[i] * xre[i] + sim[i] * xim[i];
            double im = sim[i] * xre[i] - sre[i] * xim[i];
            xre[i] = re;
            xim[i] = im;
        }
        fft(xre, xim, true);
        double best = 0;
        int bestLag = 0;
        for (int k = 0; k < lags; k++) {
            double segSum = sum[k + w] - sum[k];
            double segVar = (sumSq[k + w] - sumSq[k]) - segSum * segSum / w;
            double denominator = Math.sqrt(energy * segVar);
            if (denominator > 0) {
                // the window is centred, so the segment's mean drops out of the numerator
                double r = xre[k] / n / denominator;
                if (r > best) {
                    best = r;
                    bestLag = k;
                }
            }
        }
        return new Window((double) start / rate, best, (double) bestLag / rate);
    }

    static double[] toDouble(short[] pcm) {
        double[] out = new double[pcm.length];
        for (int i = 0; i < pcm.length; i++) {
            out[i] = pcm[i];
        }
        return out;
    }

    /** Linear interpolation: enough for a signal whose energy lies well below both Nyquist frequencies. */
    static double[] resample(double[] in, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return in;
        }
        int n = (int) ((long) in.length * toRate / fromRate);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double at = (double) i * fromRate / toRate;
            int j = (int) at;
            double f = at - j;
            out[i] = in[j] * (1 - f) + (j + 1 < in.length ? in[j + 1] : in[j]) * f;
        }
        return out;
    }

    /** In-place radix-2 FFT of a power-of-two length; the inverse is unscaled. */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wRe = Math.cos(angle);
            double wIm = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double uRe = 1;
                double uIm = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double vRe = re[b] * uRe - im[b] * uIm;
                    double vIm = re[b] * uIm + im[b] * uRe;
                    re[b] = re[a] - vRe;
                    im[b] = im[a] - vIm;
                    re[a] += vRe;
                    im[a] += vIm;
                    double nextRe = uRe * wRe - uIm * wIm;
                    uIm = uRe * wIm + uIm * wRe;
                    uRe = nextRe;
                }
            }
        }
    }
}
