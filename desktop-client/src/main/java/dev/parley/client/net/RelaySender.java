package dev.parley.client.net;

import dev.parley.protocol.TypingState;

/** What the chat screens send to the relay ({@link RelayConnection} does it; tests record it). */
public interface RelaySender {
    void sendChat(String id, String text);

    void sendVoice(String id, byte[] wav);

    void sendTyping(TypingState state);

    void requestHistory(long before, int limit);

    /** This person heard someone else's stored voice message {@code seq} to its end (a played receipt). */
    void sendPlayed(long seq);

    /** Whether played receipts are told at all (the person's setting); off drops those not yet confirmed. */
    void tellPlayed(boolean on);
}
