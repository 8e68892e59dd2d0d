package dev.parley.client.live;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One stream's queued PCM and play position, and what a pump does to it, for {@link JitterBuffer} (which guards it
 * and whose rules these are). Sizes in bytes, always whole frames.
 */
final class LiveQueue {
    private static final byte[] NOTHING = new byte[0];
    private static final long NOT_YET = Long.MIN_VALUE;

    /**
     * What one pump did to the stream, reported in this order: {@code trimmed} bytes dropped for piling up, its first
     * audio going out ({@code started}), {@code pcm} to play, {@code caughtUp} bytes dropped to be live again, then
     * either an underrun or its end.
     */
    record Turn(int trimmed, boolean started, byte[] pcm, int caughtUp, boolean underrun, boolean finished) {
    }

    final PcmFormat format;
    /** Started whole, or while another stream was there: it plays everything, never trimmed. */
    final boolean untrimmed;
    private final int startBytes;
    private final int maxBytes;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private int queued;
    boolean ended;
    private boolean playing;
    private boolean startReported;
    /**
     * While not playing: when, by the clock, the start amount had come in (as the head of the buffer), so that a pump
     * that comes late starts the stream from then; {@link #NOT_YET} before.
     */
    private long readyAt = NOT_YET;
    /** When playing (re)started, and the frames written since. */
    private long origin;
    private long framesSinceOrigin;
    /** When the catch-up window began, and the least that was queued after a pump since then. */
    private long windowStart;
    private int lowWater;

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

    /**
     * The stream is the one that plays (the head of the buffer) at {@code now}, just after audio came: notes when the
     * start amount was there, for a pump that comes later than that.
     */
    void arrivedAsHead(long now) {
        if (!playing && readyAt == NOT_YET && queued >= startBytes) {
            readyAt = now;
        }
    }

    /**
     * Plays what the clock asks for at {@code now} (the stream is at the head of the buffer); a surplus that lasted
     * {@code catchUpWindow} ms and is at least {@code catchUpMin} bytes is dropped.
     *
     * <p>A pump may come late (the pumping thread held up by a device that opens, a busy machine, a garbage
     * collection): a stream then starts from when its start amount had come, and what the clock asks for is handed
     * over, late, rather than taken for a pile-up. Only what is queued beyond that counts towards {@code maxBytes}.
     */
    Turn pump(long now, long catchUpWindow, int catchUpMin) {
        boolean started = false;
        if (!playing) {
            if (queued == 0 && ended) {
                return new Turn(0, false, NOTHING, 0, false, true);
            }
            if (queued < startBytes && !(ended && queued > 0)) {
                return new Turn(0, false, NOTHING, 0, false, false);
            }
            play(readyAt == NOT_YET ? now : Math.min(readyAt, now));
            started = !startReported;
            startReported = true;
        }
        int due = dueBytes(now);
        int trimmed = trim(Math.min(due, queued));
        byte[] pcm = take(due);
        int caughtUp = catchUp(now, catchUpWindow, catchUpMin);
        if (queued > 0) {
            return new Turn(trimmed, started, pcm, caughtUp, false, false);
        }
        boolean underrun = !ended && due > pcm.length;
        if (underrun) {
            playing = false; // re-buffers as at the start
        }
        return new Turn(trimmed, started, pcm, caughtUp, underrun, ended);
    }

    private void play(long from) {
        playing = true;
        readyAt = NOT_YET;
        origin = from;
        framesSinceOrigin = 0;
        windowStart = from;
        lowWater = Integer.MAX_VALUE;
    }

    /** Bytes the clock asks for now (possibly more than is queued). */
    private int dueBytes(long now) {
        long frames = (now - origin) * format.sampleRate() / 1000 - framesSinceOrigin;
        return (int) Math.max(0, Math.min(frames * format.frameBytes(), Integer.MAX_VALUE - 1));
    }

    /** Removes and returns up to {@code bytes} from the front, counting them as played. */
    private byte[] take(int bytes) {
        byte[] out = poll(Math.min(bytes, queued));
        framesSinceOrigin += out.length / format.frameBytes();
        return out;
    }

    /**
     * When more than {@code maxBytes} is queued beyond the {@code due} bytes the clock asks for now (a burst ahead of
     * the clock), drops the oldest so that {@code startBytes} will be left once those are played; returns the bytes
     * dropped.
     */
    private int trim(int due) {
        int ahead = queued - due;
        if (untrimmed || ahead <= maxBytes) {
            return 0;
        }
        int drop = ahead - startBytes;
        poll(drop);
        return drop;
    }

    /**
     * Once {@code windowMillis} of playing have gone by, if the queue never held less than the start amount plus
     * {@code minDropBytes} in that time (it re-buffered, then the late audio came in a burst under the trim limit, and
     * it would stay that far behind), drops the oldest of it so that its low point would have been the start amount.
     * Returns the bytes dropped. A stream never trimmed is never caught up either.
     */
    private int catchUp(long now, long windowMillis, int minDropBytes) {
        lowWater = Math.min(lowWater, queued);
        if (now - windowStart < windowMillis) {
            return 0;
        }
        int surplus = lowWater - startBytes;
        windowStart = now;
        lowWater = Integer.MAX_VALUE;
        if (untrimmed || surplus < minDropBytes) {
            return 0;
        }
        poll(surplus);
        return surplus;
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
