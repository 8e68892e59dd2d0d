package dev.parley.client.live;

import dev.parley.client.net.LiveVoiceSender;
import dev.parley.protocol.Wav;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The sending side of one push-to-talk recording: PCM goes in as it is captured ({@link #captured}), 20 ms chunks go
 * out live while the stream is open, and the whole recording is kept.
 *
 * <p>Life: {@link #start()} (sends {@code voice-start} when the connection offers live voice), then
 * {@link #captured} for every piece the microphone delivers, {@link #release()} when the key is let go, and exactly
 * one of {@link #finish()} (or its two halves, {@link #seal()} off the FX thread, then {@link #deliver}) or
 * {@link #cancel()}. After release the microphone stays open for the <em>release
 * tail</em>, so the last word is not clipped: {@link #captured} keeps taking audio and answers {@code false} once
 * the clock has reached {@link #tailEndsAt()} (the piece delivered then is still kept); the owner then stops the
 * capture and calls {@link #finish()}, or calls it at {@link #tailEndsAt()} anyway if the microphone went quiet.
 *
 * <p>Whatever happens to the stream (no live voice on this relay, refused, the connection dropped), {@link #finish()}
 * hands the whole recording to {@link LiveVoiceSender#endStream} under the same id, which delivers it exactly once.
 * Thread-safe: the capture thread calls {@link #captured}, the key's thread the rest.
 */
public final class LiveSender {
    private static final Logger log = LoggerFactory.getLogger(LiveSender.class);
    /** The release tail when the person has not chosen one. */
    public static final Duration DEFAULT_RELEASE_TAIL = Duration.ofMillis(200);
    /** The longest release tail a person can choose. */
    public static final Duration MAX_RELEASE_TAIL = Duration.ofSeconds(1);

    /** What a finished recording is: the WAV (canonical header, then every captured sample) and its length. */
    public record Recording(byte[] wav, long durationMs) {
    }

    private final LiveVoiceSender out;
    private final String id;
    private final PcmFormat format;
    private final long tailMillis;
    private final int maxBytes;
    private final Clock clock;
    private final int chunkBytes;
    /** Room for the WAV header, then every sample kept: the finished WAV is made with one copy. */
    private final ByteArrayOutputStream recording = new ByteArrayOutputStream();
    /** Captured bytes not yet sent as a chunk. */
    private final byte[] pending;
    private int pendingBytes;
    private boolean streaming;
    private long nextChunk;
    private long releasedAt = -1;
    private boolean done;

    /**
     * @param releaseTail   how long the microphone stays open after release, 0 to {@link #MAX_RELEASE_TAIL}
     * @param maxClipMillis the relay's {@code maxClipMillis}: audio past it is not kept
     */
    public LiveSender(LiveVoiceSender out, String id, PcmFormat format, Duration releaseTail, long maxClipMillis,
                      Clock clock) {
        if (releaseTail.isNegative() || releaseTail.compareTo(MAX_RELEASE_TAIL) > 0) {
            throw new IllegalArgumentException("release tail of " + releaseTail.toMillis() + " ms is outside 0-"
                    + MAX_RELEASE_TAIL.toMillis() + " ms");
        }
        this.out = out;
        this.id = id;
        this.format = format;
        this.tailMillis = releaseTail.toMillis();
        this.maxBytes = format.bytesFor(maxClipMillis);
        this.clock = clock;
        this.chunkBytes = format.chunkBytes();
        this.pending = new byte[chunkBytes];
        recording.write(new byte[Wav.HEADER_BYTES], 0, Wav.HEADER_BYTES);
    }

    /** Bytes of audio kept (guarded by {@code this}). */
    private int pcmBytes() {
        return Math.max(0, recording.size() - Wav.HEADER_BYTES);
    }

    public String id() {
        return id;
    }

    /** Opens the live stream if the connection offers it; returns whether it is streaming. */
    public synchronized boolean start() {
        if (done) {
            return false; // cancelled before the stream was opened: open none (it would never be ended)
        }
        streaming = out.startStream(id, format.sampleRate(), format.channels());
        if (!streaming) {
            log.debug("{}: no live stream now; the clip will go whole", id);
        }
        return streaming;
    }

    /** Whether chunks are still going out live. */
    public synchronized boolean streaming() {
        return streaming;
    }

    /**
     * Keeps a piece of captured PCM (whole frames) and sends every complete chunk; returns whether more audio is
     * wanted ({@code false}: the tail is over, the clip is full, or the recording is finished or cancelled).
     */
    public synchronized boolean captured(byte[] pcm, int offset, int length) {
        if (done) {
            return false;
        }
        int keep = Math.min(length, maxBytes - pcmBytes());
        recording.write(pcm, offset, keep);
        for (int i = 0; i < keep; ) {
            int n = Math.min(keep - i, chunkBytes - pendingBytes);
            System.arraycopy(pcm, offset + i, pending, pendingBytes, n);
            pendingBytes += n;
            i += n;
            if (pendingBytes == chunkBytes) {
                sendPending();
            }
        }
        return pcmBytes() < maxBytes && !tailOver();
    }

    /** The key was released: the tail starts now. Again does nothing. */
    public synchronized void release() {
        if (releasedAt < 0) {
            releasedAt = clock.millis();
        }
    }

    /** When the tail ends, in the clock's milliseconds, or {@code Long.MAX_VALUE} before {@link #release()}. */
    public synchronized long tailEndsAt() {
        return releasedAt < 0 ? Long.MAX_VALUE : releasedAt + tailMillis;
    }

    /** How long the audio kept so far lasts, rounded down to the millisecond. */
    public synchronized long capturedMillis() {
        return (long) pcmBytes() / format.frameBytes() * 1000 / format.sampleRate();
    }

    /** The size of the WAV {@link #finish()} would make now. */
    public synchronized int wavBytes() {
        return Wav.HEADER_BYTES + pcmBytes();
    }

    /**
     * Ends the recording: sends what is left as a last, shorter chunk, then hands the whole clip to
     * {@link LiveVoiceSender#endStream}. Returns it, or {@code null} (and cancels) when nothing was captured.
     */
    public Recording finish() {
        return finish(r -> { });
    }

    /**
     * As {@link #finish()}, calling {@code beforeDelivery} with the recording just before it is handed over (to show
     * it as pending before its echo can come).
     */
    public Recording finish(Consumer<Recording> beforeDelivery) {
        Recording r = seal();
        if (r != null) {
            beforeDelivery.accept(r);
            deliver(r);
        }
        return r;
    }

    /**
     * The first half of {@link #finish()}: ends the recording, sends what is left as a last, shorter chunk and makes
     * the WAV (a copy of up to the longest clip: call it off the FX thread). Returns it for {@link #deliver}, or
     * {@code null} (and cancels) when nothing was captured.
     */
    public synchronized Recording seal() {
        if (done) {
            throw new IllegalStateException("recording " + id + " is already finished or cancelled");
        }
        if (pcmBytes() == 0) {
            cancelNow();
            return null;
        }
        if (pendingBytes > 0) {
            sendPending();
        }
        done = true;
        byte[] wav = recording.toByteArray();
        recording.reset();
        Wav.writeHeader(wav, format.sampleRate(), format.channels());
        return new Recording(wav, Wav.durationMillis((wav.length - Wav.HEADER_BYTES) / format.frameBytes(),
                format.sampleRate()));
    }

    /** The second half of {@link #finish()}: hands the sealed recording over, and {@code endStream} delivers it once. */
    public void deliver(Recording sealed) {
        out.endStream(id, sealed.wav());
    }

    /** Throws the recording away: {@code voice-cancel} if streaming, nothing is stored. */
    public synchronized void cancel() {
        if (!done) {
            cancelNow();
        }
    }

    private void cancelNow() {
        done = true;
        if (streaming) {
            out.cancelStream(id);
            streaming = false;
        }
        recording.reset();
    }

    private boolean tailOver() {
        return releasedAt >= 0 && clock.millis() >= releasedAt + tailMillis;
    }

    private void sendPending() {
        byte[] chunk = Arrays.copyOf(pending, pendingBytes);
        pendingBytes = 0;
        if (streaming) {
            streaming = out.sendChunk(id, nextChunk++, chunk);
            if (!streaming) {
                log.info("{}: the live stream ended early; the whole clip will be sent", id);
            }
        }
    }
}
