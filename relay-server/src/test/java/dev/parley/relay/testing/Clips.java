package dev.parley.relay.testing;

import dev.parley.protocol.Wav;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Voice clips for tests. Valid clips come from {@link Wav#write}; hand-built RIFF files (extra chunks, broken
 * headers) come from {@link #riff} and {@link #chunk}, so a test can say exactly which bytes are on the wire.
 */
public final class Clips {
    private Clips() {
    }

    /** A canonical 16-bit PCM WAV of {@code frames} sample frames holding a recognisable, non-silent pattern. */
    public static byte[] pcm(int frames, int sampleRate, int channels) {
        short[] samples = new short[frames * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (Math.sin(i * 0.05) * 12_000 + (i % 7) * 31);
        }
        return Wav.write(samples, sampleRate, channels);
    }

    /** A canonical clip lasting exactly {@code millis} at {@code sampleRate} (which must divide evenly). */
    public static byte[] ofMillis(long millis, int sampleRate, int channels) {
        long frames = millis * sampleRate / 1000;
        if (frames * 1000 != millis * sampleRate) {
            throw new IllegalArgumentException(millis + " ms is not a whole number of frames at " + sampleRate + " Hz");
        }
        return pcm((int) frames, sampleRate, channels);
    }

    /** A canonical mono 16-bit clip of exactly {@code totalBytes} bytes (44-byte header plus even PCM). */
    public static byte[] ofBytes(int totalBytes, int sampleRate) {
        if (totalBytes < 46 || totalBytes % 2 != 0) {
            throw new IllegalArgumentException("a mono clip has 44 + 2n bytes, not " + totalBytes);
        }
        return pcm((totalBytes - 44) / 2, sampleRate, 1);
    }

    /** The body of a {@code fmt } chunk; byte rate and block align follow from the other fields. */
    public static byte[] fmt(int formatTag, int channels, int sampleRate, int bitsPerSample) {
        int blockAlign = channels * bitsPerSample / 8;
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) formatTag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bitsPerSample)
                .array();
    }

    /** One RIFF chunk: id, little-endian size, body, and a pad byte when the body's length is odd. */
    public static byte[] chunk(String id, byte[] body) {
        return chunk(id, body.length, body);
    }

    /** A chunk whose size field says {@code declaredSize}, whatever the body holds (for hostile input). */
    public static byte[] chunk(String id, long declaredSize, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.ISO_8859_1)).putInt((int) declaredSize).put(body);
        return b.array();
    }

    /** A RIFF/WAVE file around these chunks, with a correct RIFF size. */
    public static byte[] riff(byte[]... chunks) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            body.writeBytes(c);
        }
        return riffWithSize(4 + body.size(), "WAVE", body.toByteArray());
    }

    /** A RIFF file with any declared size and form type (for hostile input). */
    public static byte[] riffWithSize(long declaredSize, String form, byte[] chunks) {
        ByteBuffer b = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) declaredSize)
                .put(form.getBytes(StandardCharsets.US_ASCII)).put(chunks);
        return b.array();
    }

    /** {@code n} bytes of a recognisable PCM pattern. */
    public static byte[] pcmBytes(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (i * 37 + 11);
        }
        return out;
    }
}
