package dev.parley.relay.testing;

import dev.parley.protocol.ServerMessage;

/** A binary voice frame a test client received: its decoded header and the clip's bytes. */
public record ReceivedVoice(ServerMessage.Voice header, byte[] clip) {
    public long seq() {
        return header.seq();
    }
}
