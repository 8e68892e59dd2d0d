package dev.parley.client.chat;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;

import java.nio.ByteBuffer;

/** Peak amplitudes of a clip in equal buckets, 0 to 1, for drawing its waveform. */
public final class ClipPeaks {
    private ClipPeaks() {
    }

    /** {@code buckets} peaks; all zero for a clip that cannot be read. */
    public static float[] of(byte[] wav, int buckets) {
        float[] out = new float[buckets];
        try {
            ByteBuffer clip = ByteBuffer.wrap(wav);
            WavInfo info = Wav.inspect(clip);
            short[] samples = Wav.samples(clip, info);
            if (samples.length == 0) {
                return out;
            }
            for (int i = 0; i < samples.length; i++) {
                int b = (int) ((long) i * buckets / samples.length);
                out[b] = Math.max(out[b], Math.abs(samples[i] / 32768f));
            }
        } catch (ProtocolException e) {
            return out;
        }
        return out;
    }
}
