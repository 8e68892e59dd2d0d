package dev.parley.relay.web.browser;

import dev.parley.protocol.Wav;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * A synthetic voice for the fake microphone: a glottal-like tone (a fundamental gliding between about 100 and
 * 220 Hz, twelve harmonics shaped by two moving formants), syllables about four a second, and a little noise.
 * Its pitch never repeats within the clip, so a window of it matches one place of the source and correlation
 * tells whether the page sent what the microphone heard. It never falls silent (a floor under the envelope), so
 * every window has something to compare. No package is needed to make it (no espeak, no sox).
 */
public final class SpeechLikeSignal {
    /** The rate the source is written at; the browser resamples it to its own and the page to 16 kHz. */
    public static final int SAMPLE_RATE = 16_000;
    private static final int HARMONICS = 12;
    private static final double PEAK = 14_000;

    private SpeechLikeSignal() {
    }

    /** {@code seconds} of the signal, mono 16-bit samples at {@link #SAMPLE_RATE}, the same for the same seed. */
    public static short[] samples(double seconds, long seed) {
        int n = (int) Math.round(seconds * SAMPLE_RATE);
        Random random = new Random(seed);
        double[] out = new double[n];
        double phase = 0;
        double syllableRate = 3.7 + random.nextDouble();
        double wobble = random.nextDouble() * Math.PI;
        for (int i = 0; i < n; i++) {
            double t = (double) i / SAMPLE_RATE;
            double f0 = 155 + 45 * Math.sin(2 * Math.PI * 0.43 * t + wobble) + 18 * Math.sin(2 * Math.PI * 1.7 * t + 1.1);
            phase += 2 * Math.PI * f0 / SAMPLE_RATE;
            double f1 = 550 + 220 * Math.sin(2 * Math.PI * 1.3 * t + 0.4);
            double f2 = 1500 + 600 * Math.sin(2 * Math.PI * 0.9 * t + 2.0);
            double voice = 0;
            for (int k = 1; k <= HARMONICS; k++) {
                double f = k * f0;
                double gain = (formant(f, f1, 130) + 0.6 * formant(f, f2, 200) + 0.15) / k;
                voice += gain * Math.sin(k * phase);
            }
            double syllable = Math.sin(Math.PI * ((t * syllableRate) % 1.0));
            double envelope = 0.2 + 0.8 * syllable * syllable;
            out[i] = envelope * voice + 0.02 * random.nextGaussian();
        }
        double max = 0;
        for (double v : out) {
            max = Math.max(max, Math.abs(v));
        }
        short[] pcm = new short[n];
        for (int i = 0; i < n; i++) {
            pcm[i] = (short) Math.round(out[i] / max * PEAK);
        }
        return pcm;
    }

    private static double formant(double f, double centre, double width) {
        double d = (f - centre) / width;
        return Math.exp(-d * d);
    }

    /** {@code count} samples from {@code from} as 16-bit little-endian PCM (a live chunk's payload). */
    public static byte[] pcmBytes(short[] samples, int from, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            b.putShort(samples[from + i]);
        }
        return b.array();
    }

    /** Writes {@code samples} as a canonical mono WAV at {@link #SAMPLE_RATE} and returns the file's path. */
    public static Path writeWav(Path file, short[] samples) throws IOException {
        Files.write(file, Wav.write(samples, SAMPLE_RATE, 1));
        return file.toAbsolutePath();
    }
}
