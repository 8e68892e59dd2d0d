package dev.parley.relay.web.browser;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/** A live stream as a protocol-2 listener received it: its start, its chunks, and the stored message that ended it. */
public record LiveStream(ServerMessage.VoiceStart start, List<ReceivedChunk> chunks, ReceivedVoice stored) {

    /**
     * Waits on {@code listener} for {@code speaker}'s next stream and for {@code chunksBeforeRelease} of its chunks,
     * then runs {@code release} and waits for the stored message with the stream's id.
     */
    public static LiveStream hear(Inbox listener, String speaker, int chunksBeforeRelease, Runnable release) {
        ServerMessage.VoiceStart start = listener.await(ServerMessage.VoiceStart.class, s -> s.from().equals(speaker));
        int[] seen = {0};
        listener.await(ReceivedChunk.class, c -> c.header().id().equals(start.id()) && ++seen[0] >= chunksBeforeRelease,
                Duration.ofMillis(20L * chunksBeforeRelease + 10_000));
        release.run();
        ReceivedVoice stored = listener.await(ReceivedVoice.class,
                v -> v.header().id().equals(start.id()) && v.header().from().equals(speaker));
        List<ReceivedChunk> chunks = listener.taken(ReceivedChunk.class).stream()
                .filter(c -> c.header().id().equals(start.id()) && c.header().from().equals(speaker)).toList();
        return new LiveStream(start, chunks, stored);
    }

    /** The chunks' PCM, in order. */
    public byte[] streamedPcm() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ReceivedChunk c : chunks) {
            out.writeBytes(c.pcm());
        }
        return out.toByteArray();
    }

    public WavInfo storedFormat() {
        try {
            return Wav.inspect(ByteBuffer.wrap(stored.clip()));
        } catch (ProtocolException e) {
            throw new AssertionError("the stored clip is not a valid WAV: " + e.getMessage(), e);
        }
    }

    /** The stored clip's samples (interleaved). */
    public short[] storedSamples() {
        return Wav.samples(ByteBuffer.wrap(stored.clip()), storedFormat());
    }

    /** The stored clip's PCM bytes, as the chunks carried them. */
    public byte[] storedPcm() {
        WavInfo info = storedFormat();
        byte[] out = new byte[info.dataLength()];
        System.arraycopy(stored.clip(), info.dataOffset(), out, 0, out.length);
        return out;
    }
}
