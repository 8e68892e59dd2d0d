package dev.parley.client.net;

/**
 * A snapshot of the connection for the status line.
 *
 * @param retryAtMillis when {@link ConnectionState#RECONNECTING}: the epoch millisecond of the next attempt, else 0
 * @param reason        why it is disconnected or reconnecting, or {@code null}
 * @param relay         the relay the connection is on (or its next attempt goes to): the one chosen, or another of
 *                      its cluster after a failover; {@code null} when not known
 */
public record ConnectionStatus(ConnectionState state, long retryAtMillis, Reason reason, RelayAddress relay) {

    public static final ConnectionStatus DISCONNECTED = new ConnectionStatus(ConnectionState.DISCONNECTED, 0, null);

    /** A status that names no relay. */
    public ConnectionStatus(ConnectionState state, long retryAtMillis, Reason reason) {
        this(state, retryAtMillis, reason, null);
    }

    /**
     * Why the connection ended.
     *
     * @param closeCode the WebSocket close code, or 0 when none (network error, trust refused)
     * @param detail    the relay's close reason or the network error, in the library's words (for logs and details)
     */
    public record Reason(Kind kind, int closeCode, String detail) {
    }

    /** What kind of end. */
    public enum Kind {
        /** The person left. */
        LEFT,
        /**
         * The relay closed with a code that makes retrying pointless (bad hello, password, nick taken, protocol, the
         * same person connected from elsewhere).
         */
        REFUSED,
        /** The certificate was not the trusted one. */
        UNTRUSTED,
        /** The relay could not be reached or the connection dropped. */
        LOST,
        /** The relay shut down (1001). */
        RELAY_STOPPED
    }
}
