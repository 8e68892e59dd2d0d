package dev.parley.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the one header a live stream sends 50 times a second, {@code {"type":"voice-chunk","id":"ID","n":N}} exactly
 * as PROTOCOL.md writes it, straight from the frame's bytes, without building a JSON tree: on a stream with one
 * listener the tree was a tenth of the relay's own work per chunk. Anything else (spaces, other field order, extra
 * fields, escapes, non-ASCII, a leading zero) is left to the general decoder, so what the relay accepts and the
 * errors it sends do not change.
 */
final class PlainChunkHeader {
    private static final byte[] START = "{\"type\":\"voice-chunk\",\"id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIDDLE = "\",\"n\":".getBytes(StandardCharsets.US_ASCII);
    /** Digits of the largest {@code n} read here; a longer number goes to the general decoder. */
    private static final int MAX_DIGITS = 18;

    private PlainChunkHeader() {
    }

    /**
     * The chunk header in {@code length} bytes of {@code frame} from {@code offset} (absolute indexes; the buffer's
     * position is not moved), or {@code null} when they are not in the plain form or hold an id the general decoder
     * would refuse.
     */
    static ClientMessage.VoiceChunk read(ByteBuffer frame, int offset, int length) {
        int end = offset + length;
        if (length < START.length + 1 + MIDDLE.length + 2 || frame.get(end - 1) != '}' || !at(frame, offset, START)) {
            return null;
        }
        int idStart = offset + START.length;
        int i = idStart;
        while (i < end && frame.get(i) != '"') {
            byte b = frame.get(i);
            if (b < 0x20 || b > 0x7e || b == '\\') {
                return null; // a control byte, an escape or UTF-8: the general decoder's job
            }
            i++;
        }
        int idLength = i - idStart;
        if (idLength < 1 || idLength > Protocol.MAX_ID_CHARS || !at(frame, i, MIDDLE)) {
            return null;
        }
        int digits = i + MIDDLE.length;
        int count = end - 1 - digits;
        if (count < 1 || count > MAX_DIGITS || frame.get(digits) == '0' && count > 1) {
            return null;
        }
        long n = 0;
        for (int d = digits; d < end - 1; d++) {
            int v = frame.get(d) - '0';
            if (v < 0 || v > 9) {
                return null;
            }
            n = n * 10 + v;
        }
        byte[] id = new byte[idLength];
        frame.get(idStart, id);
        return new ClientMessage.VoiceChunk(new String(id, StandardCharsets.US_ASCII), n);
    }

    private static boolean at(ByteBuffer frame, int index, byte[] expected) {
        if (index + expected.length > frame.limit()) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (frame.get(index + k) != expected[k]) {
                return false;
            }
        }
        return true;
    }
}
