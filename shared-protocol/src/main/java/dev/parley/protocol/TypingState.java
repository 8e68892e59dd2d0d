package dev.parley.protocol;

import java.util.Locale;
import java.util.Optional;

/** What a member is doing: typing text, recording a clip, or neither. */
public enum TypingState {
    TYPING, RECORDING, IDLE;

    /** The state as it appears on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state for a wire string, if valid. */
    public static Optional<TypingState> fromWire(String wire) {
        for (TypingState s : values()) {
            if (s.wire().equals(wire)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
