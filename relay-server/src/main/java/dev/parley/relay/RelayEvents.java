package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;

import java.util.Locale;

/**
 * What the relay tells its metrics: one call per event or, on hot paths, per batch (a group commit, a loop turn's
 * writes). The relay logic, the store and the network edge call it; the metrics package implements it; {@link #NONE}
 * (metrics off) ignores everything. Implementations are thread-safe, never block and never allocate per call.
 */
public interface RelayEvents {
    /** Metrics off: every event is ignored. */
    RelayEvents NONE = new RelayEvents() {
    };

    /**
     * A group commit succeeded: it stored this many new chat messages, clips and played receipts (duplicates not
     * counted) in {@code nanos}, from the batch's start to the commit's return (clip files and disk syncs included).
     */
    default void committed(int chats, int clips, int receipts, long nanos) {
    }

    /** A group commit failed after {@code nanos}: nothing of its batch was stored. */
    default void commitFailed(long nanos) {
    }

    /** One event loop turn wrote {@code frames} WebSocket messages of {@code bytes} payload bytes to clients. */
    default void delivered(long frames, long bytes) {
    }

    /** The relay refused a connection (closed it) or a message (answered an error), for {@code why}. */
    default void refused(Refusal why) {
    }

    /** An address sent too many wrong room passwords and is refused for a while from now on. */
    default void lockedOut() {
    }

    /** A client fell too far behind and was closed with 1013. */
    default void slowConsumerDropped() {
    }

    /** A live voice stream (protocol 2) was opened. */
    default void liveStreamStarted() {
    }

    /**
     * Why the relay refused something: a fixed set, named like the close or error code on the wire (never anything a
     * client chose). The first ones close the connection, those from {@link #BAD_FRAME} on answer an {@code error}.
     */
    enum Refusal {
        /** 4400: the first frame was not a valid hello. */
        BAD_HELLO,
        /** 4426: a protocol version the relay does not speak. */
        UNSUPPORTED_PROTOCOL,
        /** 4408: no hello in time. */
        HELLO_TIMEOUT,
        /** 4401: a wrong or missing room password. */
        WRONG_PASSWORD,
        /** 4429: an address refused for a while after too many wrong passwords. */
        LOCKED_OUT,
        /** 4409: the nick is already in the room. */
        NICK_TAKEN,
        /** 1001: a hello while the relay is shutting down. */
        SHUTTING_DOWN,
        /** 1009: a frame or message over the limit. */
        TOO_BIG,
        /** 1007: a text frame that is not UTF-8. */
        INVALID_UTF8,
        /** 1002: a frame that breaks RFC 6455 (unmasked, reserved bits, ...). */
        PROTOCOL_ERROR,
        /** An HTTP request on the relay's port that is not a valid WebSocket upgrade (and not a web client page). */
        BAD_UPGRADE,
        /** Another close code the relay closed a connection with for the client's doing. */
        OTHER_CLOSE,
        /** error bad_frame. */
        BAD_FRAME,
        /** error bad_request. */
        BAD_REQUEST,
        /** error too_large. */
        TOO_LARGE,
        /** error bad_audio. */
        BAD_AUDIO,
        /** error rate_limited. */
        RATE_LIMITED,
        /** error not_found. */
        NOT_FOUND;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The metric label: the constant's name in lower case, e.g. {@code bad_hello}. */
        public String label() {
            return label;
        }

        /** The refusal a close code stands for. */
        public static Refusal ofClose(int code) {
            return switch (code) {
                case CloseCodes.BAD_HELLO -> BAD_HELLO;
                case CloseCodes.UNSUPPORTED_PROTOCOL -> UNSUPPORTED_PROTOCOL;
                case CloseCodes.HELLO_TIMEOUT -> HELLO_TIMEOUT;
                case CloseCodes.WRONG_PASSWORD -> WRONG_PASSWORD;
                case CloseCodes.TOO_MANY_ATTEMPTS -> LOCKED_OUT;
                case CloseCodes.NICK_TAKEN -> NICK_TAKEN;
                case CloseCodes.GOING_AWAY -> SHUTTING_DOWN;
                case CloseCodes.TOO_BIG -> TOO_BIG;
                case CloseCodes.INVALID_DATA -> INVALID_UTF8;
                case CloseCodes.PROTOCOL_ERROR -> PROTOCOL_ERROR;
                default -> OTHER_CLOSE;
            };
        }

        /** The refusal an error code stands for. */
        public static Refusal of(ErrorCode code) {
            return switch (code) {
                case BAD_FRAME -> BAD_FRAME;
                case BAD_REQUEST -> BAD_REQUEST;
                case TOO_LARGE -> TOO_LARGE;
                case BAD_AUDIO -> BAD_AUDIO;
                case RATE_LIMITED -> RATE_LIMITED;
                case NOT_FOUND -> NOT_FOUND;
            };
        }
    }
}
