package dev.parley.client.net;

import dev.parley.protocol.TypingState;

/** What the chat screens send to the relay ({@link RelayConnection} does it; tests record it). */
public interface RelaySender {
    void sendChat(String id, String text);

    void sendVoice(String id, byte[] wav);

    void sendTyping(TypingState state);

    void requestHistory(long before, int limit);
}
