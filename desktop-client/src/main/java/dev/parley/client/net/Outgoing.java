package dev.parley.client.net;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.VoiceFrame;

/** A chat or voice message sent and not yet acknowledged by the relay's echo. */
sealed interface Outgoing {
    String id();

    /** Sends it (again) on {@code socket}, with its id, so the relay can tell a resend from a new message. */
    void sendOn(RelaySocket socket);

    /** A text message. */
    record Text(String id, String text) implements Outgoing {
        @Override
        public void sendOn(RelaySocket socket) {
            socket.send(ClientCodec.encode(new ClientMessage.Chat(id, text)));
        }
    }

    /** A voice clip (a whole WAV file). */
    record Voice(String id, byte[] wav) implements Outgoing {
        @Override
        public void sendOn(RelaySocket socket) {
            socket.send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice(id)), wav));
        }
    }
}
