package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

/**
 * One method per kind of {@link ServerMessage}: {@link ServerMessages#dispatch} calls exactly one. A new message
 * type needs a method here, which every handler must then implement (and {@code ServerMessagesTest} fails until
 * {@code dispatch} knows it).
 */
public interface ServerMessageHandler {
    void welcome(ServerMessage.Welcome welcome);

    void chat(ServerMessage.Chat chat);

    /** A voice header; on a text frame (no clip attached) the relay broke the protocol. */
    void voice(ServerMessage.Voice voice);

    void typing(ServerMessage.Typing typing);

    void presence(ServerMessage.Presence presence);

    void historyEnd(ServerMessage.HistoryEnd end);

    void error(ServerMessage.Error error);

    /** Protocol 2: someone started speaking live. */
    void voiceStart(ServerMessage.VoiceStart start);

    /** Protocol 2: the next piece of a live voice message (its PCM travels beside the header). */
    void voiceChunk(ServerMessage.VoiceChunk chunk);

    /** Protocol 2: a live voice message ended without being stored. */
    void voiceAbort(ServerMessage.VoiceAbort abort);
}
