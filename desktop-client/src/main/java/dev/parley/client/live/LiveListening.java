package dev.parley.client.live;

import dev.parley.client.net.LiveVoiceEvents;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;

/**
 * Hands a connection's live-stream events to a {@link JitterBuffer}: a {@code voice-start} opens a stream, chunks
 * queue, the stored message with the stream's id and nick ends it, {@code voice-abort} or a dropped connection stops
 * it. Runs on the connection's read thread; the buffer's calls are short and never block.
 */
public final class LiveListening implements LiveVoiceEvents {
    private final JitterBuffer buffer;

    public LiveListening(JitterBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public void started(ServerMessage.VoiceStart start) {
        buffer.start(new LiveKey(start.from(), start.id()), new PcmFormat(start.sampleRate(), start.channels()));
    }

    @Override
    public void chunk(ServerMessage.VoiceChunk chunk, byte[] pcm) {
        buffer.chunk(new LiveKey(chunk.from(), chunk.id()), pcm);
    }

    @Override
    public void aborted(ServerMessage.VoiceAbort abort) {
        buffer.abort(new LiveKey(abort.from(), abort.id()), abort.reason());
    }

    @Override
    public void stored(ServerMessage.Voice voice) {
        buffer.end(new LiveKey(voice.from(), voice.id()));
    }

    @Override
    public void lost() {
        buffer.abortAll(AbortReason.INTERRUPTED);
    }
}
