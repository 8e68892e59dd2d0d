package dev.parley.client.net;

/**
 * The life of a {@link RelayConnection}, with the moves it may make:
 * <pre>
 * DISCONNECTED → CONNECTING → JOINED → RECONNECTING → JOINED ...
 *                     ↘ DISCONNECTED  ↘ DISCONNECTED  ↘ RECONNECTING (another attempt failed), DISCONNECTED
 * </pre>
 * {@code DISCONNECTED → DISCONNECTED} is the person leaving after an attempt had already ended. Any other move is a
 * bug in the connection and {@link #to} fails with an exception naming both states.
 */
public enum ConnectionState {
    DISCONNECTED, CONNECTING, JOINED, RECONNECTING;

    /** Whether a connection in this state may move to {@code next}. */
    public boolean canBecome(ConnectionState next) {
        return switch (this) {
            case DISCONNECTED -> next == CONNECTING || next == DISCONNECTED;
            case CONNECTING -> next == JOINED || next == DISCONNECTED;
            case JOINED -> next == RECONNECTING || next == DISCONNECTED;
            case RECONNECTING -> next == JOINED || next == RECONNECTING || next == DISCONNECTED;
        };
    }

    /**
     * Returns {@code next} when this state may become it.
     *
     * @throws IllegalStateException when it may not (a bug: the move is not in the diagram above)
     */
    public ConnectionState to(ConnectionState next) {
        if (!canBecome(next)) {
            throw new IllegalStateException("a connection cannot go from " + this + " to " + next);
        }
        return next;
    }
}
