package dev.parley.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds RIFF/WAVE byte arrays piece by piece, so tests can craft both good and lying files. */
final class WavBytes {
    static final int PCM = 1;

    private WavBytes() {
    }

    /** A chunk: id, little-endian size, body, and the pad byte RIFF wants after an odd body. */
    static byte[] chunk(String id, byte[] body) {
        byte[] c = chunkNoPad(id, body);
        return body.length % 2 == 0 ? c : concat(c, new byte[1]);
    }

    /** A chunk without its pad byte (only harmless when it is the last one). */
    static byte[] chunkNoPad(String id, byte[] body) {
        return chunkWithSize(id, Integer.toUnsignedLong(body.length), body);
    }

    /** A chunk whose size field says {@code size}, whatever the body holds. */
    static byte[] chunkWithSize(String id, long size, byte[] body) {
        return le(8 + body.length).put(ascii(id)).putInt((int) size).put(body).array();
    }

    /** A 16-byte {@code fmt } chunk with a consistent block align and byte rate. */
    static byte[] fmt(int tag, int channels, int sampleRate, int bits) {
        int blockAlign = channels * bits / 8;
        return fmtRaw(tag, channels, sampleRate, sampleRate * blockAlign, blockAlign, bits);
    }

    /** A 16-byte {@code fmt } chunk with every field as given. */
    static byte[] fmtRaw(int tag, int channels, long sampleRate, long byteRate, int blockAlign, int bits) {
        return chunk("fmt ", le(16).putShort((short) tag).putShort((short) channels).putInt((int) sampleRate)
                .putInt((int) byteRate).putShort((short) blockAlign).putShort((short) bits).array());
    }

    /** A {@code fmt } chunk for PCM 16-bit. */
    static byte[] fmt16(int channels, int sampleRate) {
        return fmt(PCM, channels, sampleRate, 16);
    }

    static byte[] data(byte[] pcm) {
        return chunk("data", pcm);
    }

    /** {@code RIFF <size> WAVE} followed by the chunks, with the true RIFF size. */
    static byte[] riff(byte[]... chunks) {
        byte[] body = concat(chunks);
        return riffWithSize(4L + body.length, body);
    }

    /** {@code RIFF <size> WAVE} followed by {@code body}, whatever {@code size} says. */
    static byte[] riffWithSize(long size, byte[] body) {
        return le(12 + body.length).put(ascii("RIFF")).putInt((int) size).put(ascii("WAVE")).put(body).array();
    }

    /** {@code n} 16-bit little-endian samples, each one different, some negative. */
    static byte[] pcm(int n) {
        ByteBuffer b = le(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (i * 37 - 1000));
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }
}
