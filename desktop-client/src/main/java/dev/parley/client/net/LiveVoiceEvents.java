package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

/**
 * What a {@link RelayConnection} on protocol 2 reports about other members' live streams. Called on the connection's
 * read thread, in arrival order, and <em>not</em> through the FX thread: chunks go straight to a jitter buffer, so
 * implementations must be quick and must not block. Streams are keyed by {@code (from, id)}.
 */
public interface LiveVoiceEvents {
    /** Ignores everything: for a connection whose owner does not play live voice. */
    LiveVoiceEvents NONE = new LiveVoiceEvents() {
        @Override
        public void started(ServerMessage.VoiceStart start) {
        }

        @Override
        public void chunk(ServerMessage.VoiceChunk chunk, byte[] pcm) {
        }

        @Override
        public void aborted(ServerMessage.VoiceAbort abort) {
        }

        @Override
        public void stored(ServerMessage.Voice voice) {
        }

        @Override
        public void lost() {
        }
    };

    /** Another member opened a stream (or, for a late joiner, one was already running). */
    void started(ServerMessage.VoiceStart start);

    /** The next chunk of a stream, in {@code n} order; {@code pcm} is the payload in the stream's codec. */
    void chunk(ServerMessage.VoiceChunk chunk, byte[] pcm);

    /** A stream ended without being stored. */
    void aborted(ServerMessage.VoiceAbort abort);

    /**
     * A stored voice message arrived that is not a replay (it is also reported to {@link RelayEvents#stored}): the one
     * with a live stream's {@code id} and {@code from} is that stream's end; others are ordinary messages.
     */
    void stored(ServerMessage.Voice voice);

    /** The connection dropped: every stream heard on it is over, without its end. */
    void lost();
}
