package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Keeps track, per room, of the live streams of speakers on other relays that listeners here were told of, so that
 * when such a speaker or its relay goes without ending a stream, listeners here are told it was interrupted. Every
 * method is called holding the room's monitor.
 */
final class RemoteStreams {
    private RemoteStreams() {
    }

    /** Keeps track of the live streams of other relays' speakers that listeners here know of. Holding the monitor. */
    static void track(Room room, String relay, String json) {
        ServerMessage m;
        try {
            m = ServerCodec.decode(json);
        } catch (ProtocolException e) {
            return;
        }
        if (m instanceof ServerMessage.VoiceStart start) {
            room.remoteStreams.add(new Room.RemoteStream(start.id(), start.from(), relay));
        } else if (m instanceof ServerMessage.VoiceAbort abort) {
            room.remoteStreams.removeIf(st -> st.id().equals(abort.id()) && st.from().equals(abort.from()));
        }
    }

    /** A stored voice message ends the live stream it came from. Holding the monitor. */
    static void ended(Room room, ServerMessage stored) {
        if (stored instanceof ServerMessage.Voice voice) {
            room.remoteStreams.removeIf(st -> st.id().equals(voice.id()) && st.from().equals(voice.from()));
        }
    }

    /**
     * Tells listeners here that the open streams of relay {@code relay}'s speaker {@code nick} (of all its speakers
     * when {@code null}) were interrupted: that member or relay is gone without ending them. Holding the monitor.
     */
    static void interrupt(Room room, String relay, String nick) {
        for (Room.RemoteStream stream : List.copyOf(room.remoteStreams)) {
            if (stream.relay().equals(relay) && (nick == null || stream.from().equals(nick))) {
                room.remoteStreams.remove(stream);
                room.sendToListeners(null, Frames.abort(stream.id(), stream.from(), AbortReason.INTERRUPTED));
                room.sendToOthers(null, Frames.typing(stream.from(), TypingState.IDLE));
            }
        }
    }

    /** The header of a voice frame's bytes, or {@code null} when they are not one. */
    static ServerMessage voiceHeader(byte[] payload) {
        try {
            return ServerCodec.decode(VoiceFrame.split(ByteBuffer.wrap(payload)).header());
        } catch (ProtocolException e) {
            return null;
        }
    }
}
