package dev.parley.client.audio;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Test signals, made in code. */
final class Sounds {
    private Sounds() {
    }

    /**
     * Something like speech: a fundamental gliding 120-260 Hz with four harmonics, in "syllables" (a 4 Hz envelope
     * between 20% and 100%), so every 20 ms chunk has sound in it.
     */
    static short[] speechLike(int rate, double seconds) {
        int n = (int) Math.round(rate * seconds);
        short[] out = new short[n];
        double phase = 0;
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double f0 = 120 + 140 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * f0 / rate;
            double v = 0;
            for (int h = 1; h <= 4; h++) {
                v += Math.sin(h * phase) / h;
            }
            double envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
            out[i] = (short) Math.round(v / 2.1 * envelope * 20000);
        }
        return out;
    }

    /** A sine of {@code frequency} Hz, the same on every channel, interleaved. */
    static short[] tone(int rate, int channels, double seconds, double frequency, double amplitude) {
        int frames = (int) Math.round(rate * seconds);
        short[] out = new short[frames * channels];
        for (int f = 0; f < frames; f++) {
            short s = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * f / rate));
            Arrays.fill(out, f * channels, (f + 1) * channels, s);
        }
        return out;
    }

    static byte[] le(short[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        return b.array();
    }

    static short[] samples(byte[] pcm16le) {
        short[] out = new short[pcm16le.length / 2];
        ByteBuffer.wrap(pcm16le).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    static WavInfo inspect(byte[] wav) {
        try {
            return Wav.inspect(ByteBuffer.wrap(wav));
        } catch (ProtocolException e) {
            throw new AssertionError("not a valid clip: " + e.getMessage(), e);
        }
    }

    /** The sample bytes of a WAV. */
    static byte[] pcm(byte[] wav) {
        WavInfo info = inspect(wav);
        return Arrays.copyOfRange(wav, info.dataOffset(), info.dataOffset() + info.dataLength());
    }

    static double rms(short[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    /** Sign changes from negative to non-negative: about the frequency times the duration. */
    static int upwardCrossings(short[] samples, int from, int to) {
        int count = 0;
        for (int i = Math.max(1, from); i < to; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                count++;
            }
        }
        return count;
    }
}
