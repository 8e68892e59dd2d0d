package dev.parley.protocol;

/** Everything a client sends to the relay. Voice arrives as a binary frame whose header is {@link Voice}. */
public sealed interface ClientMessage {

    /**
     * The first frame of a session.
     *
     * @param since    highest seq the client holds for the room, or {@code null} for "the newest 50"
     * @param password room password, or {@code null}
     * @param client   free text describing the client, or {@code null}
     */
    record Hello(int protocol, String nick, String room, Long since, String password, String client)
            implements ClientMessage {
    }

    /** A chat message to store and forward. */
    record Chat(String id, String text) implements ClientMessage {
    }

    /** The header of a voice frame sent by a client; the clip travels beside it. */
    record Voice(String id) implements ClientMessage {
    }

    /** The sender's typing state. */
    record Typing(TypingState state) implements ClientMessage {
    }

    /** A request for stored messages with {@code seq < before}, the newest {@code limit} of them. */
    record History(long before, int limit) implements ClientMessage {
    }
}
