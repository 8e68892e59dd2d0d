package dev.parley.client.live;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One stream's queued PCM and play position, for {@link JitterBuffer} (which guards it). Sizes in bytes, always whole
 * frames.
 */
final class LiveQueue {
    final PcmFormat format;
    /** Started whole, or while another stream was there: it plays everything, never trimmed. */
    final boolean untrimmed;
    private final int startBytes;
    private final int maxBytes;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private int queued;
    boolean ended;
    boolean playing;
    boolean startReported;
    /** When playing (re)started, and the frames written since. */
    private long origin;
    private long framesSinceOrigin;

    LiveQueue(PcmFormat format, boolean untrimmed, int startBytes, int maxBytes) {
        this.format = format;
        this.untrimmed = untrimmed;
        this.startBytes = startBytes;
        this.maxBytes = maxBytes;
    }

    void add(byte[] pcm) {
        int whole = pcm.length - pcm.length % format.frameBytes();
        if (whole > 0) {
            chunks.add(whole == pcm.length ? pcm : Arrays.copyOf(pcm, whole));
            queued += whole;
        }
    }

    int queued() {
        return queued;
    }

    boolean readyToPlay() {
        return queued >= startBytes || (ended && queued > 0);
    }

    void play(long now) {
        playing = true;
        origin = now;
        framesSinceOrigin = 0;
    }

    /** Bytes the clock asks for now (possibly more than is queued). */
    int dueBytes(long now) {
        long frames = (now - origin) * format.sampleRate() / 1000 - framesSinceOrigin;
        return (int) Math.max(0, Math.min(frames * format.frameBytes(), Integer.MAX_VALUE - 1));
    }

    /** Removes and returns up to {@code bytes} from the front, counting them as played. */
    byte[] take(int bytes) {
        byte[] out = poll(Math.min(bytes, queued));
        framesSinceOrigin += out.length / format.frameBytes();
        return out;
    }

    /** Past {@code maxBytes}, drops the oldest down to {@code startBytes}; returns the bytes dropped. */
    int trim() {
        if (untrimmed || queued <= maxBytes) {
            return 0;
        }
        int drop = queued - startBytes;
        poll(drop);
        return drop;
    }

    private byte[] poll(int bytes) {
        byte[] out = new byte[bytes];
        int filled = 0;
        while (filled < bytes) {
            byte[] head = chunks.peekFirst();
            int n = Math.min(bytes - filled, head.length - headOffset);
            System.arraycopy(head, headOffset, out, filled, n);
            filled += n;
            headOffset += n;
            if (headOffset == head.length) {
                chunks.pollFirst();
                headOffset = 0;
            }
        }
        queued -= bytes;
        return out;
    }
}
