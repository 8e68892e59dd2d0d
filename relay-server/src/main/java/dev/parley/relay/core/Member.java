package dev.parley.relay.core;

/**
 * One connected client as the relay logic sees it. Implementations are thread-safe and never block:
 * sends are queued. A member whose unsent backlog grows past the relay's bound closes itself (1013).
 */
public interface Member {
    /** Queues a text frame holding one JSON object. */
    void sendText(String json);

    /** Queues a frame shared with other members. */
    void send(SharedFrame frame);

    /** Closes the connection with a WebSocket close code and a short reason. */
    void close(int code, String reason);

    /** Bytes queued for this member and not yet written to its socket. */
    long bufferedBytes();

    /** Whether the connection is still open. */
    boolean isOpen();

    /** The peer's address and port, for logs. */
    String remote();

    /** The peer's IP address alone, for limits per address (password guessing). */
    String address();
}
