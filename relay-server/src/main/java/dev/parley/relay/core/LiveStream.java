package dev.parley.relay.core;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;

/**
 * One live voice stream while it is open: its format, the next chunk number, and the PCM received so far, kept behind
 * room for a WAV header so that the finished clip is made with one copy. Guarded by the room's monitor.
 */
final class LiveStream {
    private static final int FIRST_CAPACITY = Wav.HEADER_BYTES + (64 << 10);
    /** How every {@code voice-chunk} header the relay writes ends, for the chunk numbered 0. */
    private static final String N_ZERO = "\"n\":0}";

    final Session speaker;
    final ClientMessage.VoiceStart format;
    private final int maxClipBytes;
    private byte[] wav = new byte[0];
    private int length = Wav.HEADER_BYTES;
    private long nextN;
    /** This stream's {@code voice-chunk} header up to its number, encoded once: a chunk's is this, n and "}". */
    private final String chunkHeaderStart;
    /** When the last chunk came (or the stream started), on the relay's clock. */
    private long lastChunkMillis;
    ScheduledFuture<?> idleTimer;

    LiveStream(Session speaker, ClientMessage.VoiceStart format, int maxClipBytes, long nowMillis) {
        this.speaker = speaker;
        this.format = format;
        this.maxClipBytes = maxClipBytes;
        this.lastChunkMillis = nowMillis;
        String first = ServerCodec.encode(new ServerMessage.VoiceChunk(format.id(), speaker.nick(), 0));
        if (!first.endsWith(N_ZERO)) {
            throw new IllegalStateException("a voice-chunk header no longer ends with its n: " + first);
        }
        this.chunkHeaderStart = first.substring(0, first.length() - 2);
    }

    /** The JSON of the {@code voice-chunk} header listeners get for chunk {@code n}, as {@link ServerCodec} writes it. */
    String chunkHeader(long n) {
        return chunkHeaderStart + n + '}';
    }

    String id() {
        return format.id();
    }

    /** The chunk number the stream expects next. */
    long nextN() {
        return nextN;
    }

    /** Bytes of one sample frame (all channels). */
    int frameBytes() {
        return format.channels() * 2;
    }

    /** Size of the clip the stream would make with {@code morePcm} more bytes: header plus PCM. */
    long clipBytesWith(long morePcm) {
        return length + morePcm;
    }

    /** Duration, in ms, of the clip the stream would make with {@code morePcm} more bytes (as a whole clip counts it). */
    long millisWith(long morePcm) {
        return Wav.durationMillis((length - Wav.HEADER_BYTES + morePcm) / frameBytes(), format.sampleRate());
    }

    /** How far into the stream the next chunk starts, in ms. */
    long millis() {
        return millisWith(0);
    }

    long lastChunkMillis() {
        return lastChunkMillis;
    }

    /** Adds the next chunk's PCM (checked by the caller against the limits and the frame size). */
    void append(ByteBuffer pcm, long nowMillis) {
        int n = pcm.remaining();
        if (length + n > wav.length) {
            long wanted = Math.max(FIRST_CAPACITY, Math.max((long) length + n, wav.length * 2L));
            wav = Arrays.copyOf(wav, (int) Math.min(wanted, (long) maxClipBytes));
        }
        pcm.duplicate().get(wav, length, n);
        length += n;
        nextN++;
        lastChunkMillis = nowMillis;
    }

    /** The clip: a canonical WAV of everything streamed, byte for byte what {@link Wav#write} makes of that PCM. */
    byte[] toWav() {
        byte[] clip = Arrays.copyOf(wav, length);
        Wav.writeHeader(clip, format.sampleRate(), format.channels());
        return clip;
    }
}
