package dev.parley.protocol;

import java.util.Optional;

/**
 * Codes of recoverable {@code error} messages: the connection stays open and nothing is stored. A client that meets a
 * code it does not know treats it as {@link #BAD_REQUEST}.
 */
public enum ErrorCode {
    /** A text frame that is not a JSON object; a binary frame whose header length or header is malformed. */
    BAD_FRAME("bad_frame"),
    /** An unknown {@code type}, a missing or invalid field, a second {@code hello}. */
    BAD_REQUEST("bad_request"),
    /** Text over {@code maxTextChars}, a clip over {@code maxClipBytes} or {@code maxClipMillis}. */
    TOO_LARGE("too_large"),
    /** A clip that is not PCM 16-bit WAV as PROTOCOL.md describes. */
    BAD_AUDIO("bad_audio"),
    /** The sender exceeded its rate; it may retry later. */
    RATE_LIMITED("rate_limited"),
    /** A played receipt for a seq that is no voice message in the sender's room (never stored, chat, or dropped). */
    NOT_FOUND("not_found");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears on the wire. */
    public String wire() {
        return wire;
    }

    /** The code for a wire string, if it is one of ours. */
    public static Optional<ErrorCode> fromWire(String wire) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
