package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.relay.store.StoredMessage;

import java.nio.ByteBuffer;
import java.util.List;

/** Builds the frames a room sends to many members: stored messages, typing, voice-abort and presence. */
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

    /** {@code typing}: member {@code nick} is now in {@code state}. */
    static SharedFrame typing(String nick, TypingState state) {
        return SharedFrame.text(ServerCodec.encode(new ServerMessage.Typing(nick, state)));
    }

    /** {@code voice-abort}: {@code from}'s live stream {@code id} ended and nothing of it was stored. */
    static SharedFrame abort(String id, String from, AbortReason reason) {
        return SharedFrame.text(ServerCodec.encode(new ServerMessage.VoiceAbort(id, from, reason)));
    }

    /** {@code presence}: member {@code nick} joined or left; {@code members} is the room's member list after it. */
    static SharedFrame presence(ServerMessage.Presence.Event event, String nick, List<String> members) {
        return SharedFrame.text(ServerCodec.encode(new ServerMessage.Presence(event, nick, members)));
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
