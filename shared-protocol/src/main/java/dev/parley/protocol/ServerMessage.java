package dev.parley.protocol;

import java.util.List;

/**
 * Everything the relay sends to a client. {@link Voice} and {@link VoiceChunk} are headers of binary frames; live
 * voice messages reach version-2 members and {@link Played} receipts version-3 members only.
 */
public sealed interface ServerMessage {

    /** Calls the one method of {@code handler} for this message's type. */
    void accept(Handler handler);

    /**
     * One method per message type: a new type fails to compile until every handler handles it. The headers of binary
     * frames ({@link Voice}, {@link VoiceChunk}) are dispatched too; their audio travels beside them.
     */
    interface Handler {
        void welcome(Welcome m);

        void chat(Chat m);

        void voice(Voice m);

        void typing(Typing m);

        void presence(Presence m);

        void historyEnd(HistoryEnd m);

        void error(Error m);

        void voiceStart(VoiceStart m);

        void voiceChunk(VoiceChunk m);

        void voiceAbort(VoiceAbort m);

        void played(Played m);
    }

    /**
     * The answer to a good {@code hello}.
     *
     * @param lastPlayed the room's highest played-receipt id at the moment of joining (0 when none); on the wire for
     *                   version 3 only, so 0 when decoded from a welcome of an older version
     * @param relays     the cluster's relays a client may fail over to, this one included when it is advertised (any
     *                   version); empty when the relay lists none (then absent on the wire)
     */
    record Welcome(int protocol, String session, String nick, String room, List<String> members, long lastSeq,
                   Limits limits, String server, long lastPlayed, List<RelayAddress> relays) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.welcome(this);
        }

        public Welcome {
            members = List.copyOf(members);
            relays = List.copyOf(relays);
        }

        /** A welcome without {@code relays}. */
        public Welcome(int protocol, String session, String nick, String room, List<String> members, long lastSeq,
                       Limits limits, String server, long lastPlayed) {
            this(protocol, session, nick, room, members, lastSeq, limits, server, lastPlayed, List.of());
        }

        /** A welcome without {@code lastPlayed} (versions 1 and 2) or {@code relays}. */
        public Welcome(int protocol, String session, String nick, String room, List<String> members, long lastSeq,
                       Limits limits, String server) {
            this(protocol, session, nick, room, members, lastSeq, limits, server, 0);
        }
    }

    /** A stored chat message. {@code replay} marks copies sent as replay or history. */
    record Chat(long seq, String id, String from, String text, long ts, boolean replay) implements ServerMessage, Stored {
        @Override
        public void accept(Handler handler) {
            handler.chat(this);
        }

        @Override
        public Chat asReplay() {
            return replay ? this : new Chat(seq, id, from, text, ts, true);
        }
    }

    /** The header of a stored voice clip; the clip's bytes travel beside it in the same binary frame. */
    record Voice(long seq, String id, String from, long ts, long durationMs, int sampleRate, int channels, long bytes,
                 boolean replay) implements ServerMessage, Stored {
        @Override
        public void accept(Handler handler) {
            handler.voice(this);
        }

        @Override
        public Voice asReplay() {
            return replay ? this : new Voice(seq, id, from, ts, durationMs, sampleRate, channels, bytes, true);
        }
    }

    /** Another member's typing state. */
    record Typing(String from, TypingState state) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.typing(this);
        }
    }

    /** Someone joined or left; {@code members} is the room after the event. */
    record Presence(Event event, String nick, List<String> members) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.presence(this);
        }

        public Presence {
            members = List.copyOf(members);
        }

        /** What happened. */
        public enum Event { JOIN, LEAVE }
    }

    /** Ends the answer to a {@code history} request. */
    record HistoryEnd(long before, int count) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.historyEnd(this);
        }
    }

    /** A recoverable error: the connection stays open and nothing was stored. {@code ref} may be null. */
    record Error(ErrorCode code, String message, String ref) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.error(this);
        }
    }

    /**
     * Another member started a live stream (version 2); the stored voice message with the same {@code id} and
     * {@code from} ends it, or a {@link VoiceAbort} does.
     *
     * @param startMs how far into the stream this receiver starts (0 unless it joined while the stream was running)
     */
    record VoiceStart(String id, String from, VoiceCodec codec, int sampleRate, int channels, long startMs)
            implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceStart(this);
        }
    }

    /** The header of one forwarded chunk of a live stream; the audio travels beside it in the same binary frame. */
    record VoiceChunk(String id, String from, long n) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceChunk(this);
        }
    }

    /** A live stream ended without being stored. */
    record VoiceAbort(String id, String from, AbortReason reason) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceAbort(this);
        }
    }

    /**
     * A played receipt (version 3): {@code nick} heard voice message {@code seq} of the room to its end.
     *
     * @param ts     the relay's clock when it stored the receipt
     * @param id     the receipt's number, increasing in the order the relay stored receipts (relay-wide, never reused)
     * @param replay {@code true} on receipts sent in the join catch-up or with a history answer
     */
    record Played(long seq, String nick, long ts, long id, boolean replay) implements ServerMessage {
        @Override
        public void accept(Handler handler) {
            handler.played(this);
        }

        /** The same receipt marked as replay: itself when it is marked already. */
        public Played asReplay() {
            return replay ? this : new Played(seq, nick, ts, id, true);
        }
    }

    /** The stored kinds: chat and voice, both numbered by the room's {@code seq}. */
    sealed interface Stored extends ServerMessage permits Chat, Voice {
        long seq();

        String id();

        String from();

        long ts();

        boolean replay();

        /** The same message marked as replay (sent as replay or history): itself when it is marked already. */
        Stored asReplay();
    }
}
