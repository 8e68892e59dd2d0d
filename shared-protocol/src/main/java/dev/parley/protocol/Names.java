package dev.parley.protocol;

import java.util.Locale;
import java.util.Optional;

/** The nick, room and id rules of PROTOCOL.md, shared by relay and clients. */
public final class Names {
    private Names() {
    }

    /**
     * Checks a nick as typed and returns the problem, if any.
     *
     * @return empty when {@code raw} trimmed is a valid nick
     */
    public static Optional<String> nickProblem(String raw) {
        if (raw == null) {
            return Optional.of("nick is missing");
        }
        String nick = raw.strip();
        int count = nick.codePointCount(0, nick.length());
        if (count == 0) {
            return Optional.of("nick is empty");
        }
        if (count > Protocol.MAX_NICK_CHARS) {
            return Optional.of("nick is longer than " + Protocol.MAX_NICK_CHARS + " characters");
        }
        for (int i = 0; i < nick.length(); ) {
            int cp = nick.codePointAt(i);
            if (!(Character.isLetterOrDigit(cp) || cp == ' ' || cp == '_' || cp == '-' || cp == '.')) {
                return Optional.of("nick may hold only letters, digits, space, _ - and . (not \"" + Character.toString(cp) + "\")");
            }
            i += Character.charCount(cp);
        }
        return Optional.empty();
    }

    /** The nick as the relay keeps it: trimmed. Call only after {@link #nickProblem} found none. */
    public static String normalizeNick(String raw) {
        return raw.strip();
    }

    /** The key under which nicks are compared (case-insensitively). */
    public static String nickKey(String nick) {
        return nick.toLowerCase(Locale.ROOT);
    }

    /** Checks a room name as it goes on the wire and returns the problem, if any. */
    public static Optional<String> roomProblem(String room) {
        if (room == null) {
            return Optional.of("room is missing");
        }
        if (room.isEmpty()) {
            return Optional.of("room is empty");
        }
        if (room.length() > Protocol.MAX_ROOM_CHARS) {
            return Optional.of("room is longer than " + Protocol.MAX_ROOM_CHARS + " characters");
        }
        for (int i = 0; i < room.length(); i++) {
            char c = room.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return Optional.of("room may hold only a-z, 0-9, _ and - (not \"" + c + "\")");
            }
        }
        return Optional.empty();
    }

    /** What a client sends for a room name a user typed: trimmed and lower-cased. */
    public static String normalizeRoomInput(String typed) {
        return typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
    }

    /** Checks a client message id and returns the problem, if any. */
    public static Optional<String> idProblem(String id) {
        if (id == null) {
            return Optional.of("id is missing");
        }
        int count = id.codePointCount(0, id.length());
        if (count == 0 || count > Protocol.MAX_ID_CHARS) {
            return Optional.of("id must be 1-" + Protocol.MAX_ID_CHARS + " characters");
        }
        return Optional.empty();
    }
}
