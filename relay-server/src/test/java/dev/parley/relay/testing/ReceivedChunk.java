package dev.parley.relay.testing;

import dev.parley.protocol.ServerMessage;

/** A binary live-voice chunk a test client received: its decoded header and the PCM bytes. */
public record ReceivedChunk(ServerMessage.VoiceChunk header, byte[] pcm) {
    public long n() {
        return header.n();
    }
}
