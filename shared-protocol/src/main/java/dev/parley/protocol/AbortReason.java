package dev.parley.protocol;

import java.util.Optional;

/** Why a live stream ended without being stored ({@code voice-abort}'s {@code reason}). */
public enum AbortReason {
    /** The speaker's connection closed mid-stream; its app may send the whole clip later with the same id. */
    INTERRUPTED("interrupted"),
    /** The speaker cancelled it ({@code voice-cancel}). */
    CANCELLED("cancelled"),
    /** No chunk arrived for the relay's idle timeout. */
    TIMEOUT("timeout"),
    /** The stream passed {@code maxClipBytes} or {@code maxClipMillis}. */
    TOO_LARGE("too_large"),
    /** The relay refused a frame of the stream, or the finished clip (the speaker got an {@code error} saying why). */
    REFUSED("refused"),
    /** A message with this id from this speaker was already stored: nothing new was stored. */
    DUPLICATE("duplicate"),
    /** The relay could not store the clip. */
    FAILED("failed");

    private final String wire;

    AbortReason(String wire) {
        this.wire = wire;
    }

    /** The reason as it appears on the wire. */
    public String wire() {
        return wire;
    }

    /** The reason for a wire string, if it is one of ours (clients treat others as {@link #INTERRUPTED}). */
    public static Optional<AbortReason> fromWire(String wire) {
        for (AbortReason r : values()) {
            if (r.wire.equals(wire)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
