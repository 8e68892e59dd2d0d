package dev.parley.relay.core;

import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.StoredMessage;

import java.nio.ByteBuffer;

/** Turns stored messages into the frames members receive. */
final class Frames {
    private Frames() {
    }

    /** The live (not replay) frame of a stored message, shared by every receiver. */
    static SharedFrame live(StoredMessage m) {
        return of(m.message(), m.clip());
    }

    /** The replay frame of a stored message, marked {@code "replay":true}. */
    static SharedFrame replay(StoredMessage m) {
        return of(m.message().asReplay(), m.clip());
    }

    /** A text frame for chat (no clip), a binary frame for voice. */
    private static SharedFrame of(ServerMessage.Stored header, byte[] clip) {
        String json = ServerCodec.encode(header);
        if (clip == null) {
            return SharedFrame.text(json);
        }
        return SharedFrame.voice(json, ByteBuffer.wrap(clip));
    }
}
