package dev.parley.protocol;

/** WebSocket close codes the relay uses for fatal conditions (PROTOCOL.md, "Errors"). */
public final class CloseCodes {
    /** Normal closure. */
    public static final int NORMAL = 1000;
    /** The relay is shutting down. */
    public static final int GOING_AWAY = 1001;
    /** A frame broke RFC 6455 (for example a client frame that is not masked). */
    public static final int PROTOCOL_ERROR = 1002;
    /** A close frame without a code (never sent on the wire as a code). */
    public static final int NO_STATUS = 1005;
    /** No close code was received: the connection ended without a close frame (never sent on the wire). */
    public static final int ABNORMAL = 1006;
    /** A text frame was not valid UTF-8. */
    public static final int INVALID_DATA = 1007;
    /** A frame was larger than allowed. */
    public static final int TOO_BIG = 1009;
    /**
     * The relay could not store or read messages (disk full), or failed itself: reconnect and resend what was not
     * acknowledged.
     */
    public static final int SERVER_ERROR = 1011;
    /** The client's unsent backlog passed the relay's bound (it stopped reading): reconnect and resume with since. */
    public static final int SLOW_CONSUMER = 1013;
    /** The first frame was not a valid {@code hello}. */
    public static final int BAD_HELLO = 4400;
    /** The room password was wrong or missing. */
    public static final int WRONG_PASSWORD = 4401;
    /** No {@code hello} within {@link Protocol#HELLO_TIMEOUT}. */
    public static final int HELLO_TIMEOUT = 4408;
    /** The nick is already connected to the room. */
    public static final int NICK_TAKEN = 4409;
    /**
     * This connection was replaced: the same member (same nick, with this connection's session as {@code resume})
     * connected again. The newer connection goes on; this one stops reconnecting.
     */
    public static final int REPLACED = 4410;
    /** The relay does not speak the requested protocol version. */
    public static final int UNSUPPORTED_PROTOCOL = 4426;
    /** This address sent too many wrong passwords recently and is refused for a while (the reason says how long). */
    public static final int TOO_MANY_ATTEMPTS = 4429;

    private CloseCodes() {
    }

    /** Whether a client should stop reconnecting after this close code (the same hello would fail again). */
    public static boolean isFatalForClient(int code) {
        return code == BAD_HELLO || code == WRONG_PASSWORD || code == NICK_TAKEN || code == REPLACED
                || code == UNSUPPORTED_PROTOCOL || code == TOO_MANY_ATTEMPTS;
    }
}
