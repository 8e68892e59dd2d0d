package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

/**
 * The one place where a {@link ServerMessage} is told apart by type. Java 17 has no pattern {@code switch} over a
 * sealed interface (a preview feature there), so this is the single {@code instanceof} chain, and
 * {@code ServerMessagesTest} checks it against {@code ServerMessage}'s permitted subclasses.
 */
public final class ServerMessages {
    private ServerMessages() {
    }

    /** Calls the {@code handler} method for {@code message}'s type. */
    public static void dispatch(ServerMessage message, ServerMessageHandler handler) {
        if (message instanceof ServerMessage.Welcome m) {
            handler.welcome(m);
        } else if (message instanceof ServerMessage.Chat m) {
            handler.chat(m);
        } else if (message instanceof ServerMessage.Voice m) {
            handler.voice(m);
        } else if (message instanceof ServerMessage.Typing m) {
            handler.typing(m);
        } else if (message instanceof ServerMessage.Presence m) {
            handler.presence(m);
        } else if (message instanceof ServerMessage.HistoryEnd m) {
            handler.historyEnd(m);
        } else if (message instanceof ServerMessage.Error m) {
            handler.error(m);
        } else if (message instanceof ServerMessage.VoiceStart m) {
            handler.voiceStart(m);
        } else if (message instanceof ServerMessage.VoiceChunk m) {
            handler.voiceChunk(m);
        } else if (message instanceof ServerMessage.VoiceAbort m) {
            handler.voiceAbort(m);
        } else {
            throw new IllegalArgumentException("no handler for " + message.getClass().getSimpleName());
        }
    }
}
