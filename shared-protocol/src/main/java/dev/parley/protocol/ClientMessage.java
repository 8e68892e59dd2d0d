package dev.parley.protocol;

/**
 * Everything a client sends to the relay. Voice arrives as a binary frame whose header is {@link Voice}; on a
 * version-2 connection a live stream is {@link VoiceStart}, binary frames whose header is {@link VoiceChunk}, then
 * {@link VoiceEnd} or {@link VoiceCancel}; on a version-3 connection {@link Played} says a voice message was heard.
 */
public sealed interface ClientMessage {

    /** Calls the one method of {@code handler} for this message's type. */
    void accept(Handler handler);

    /** The id an error about this message names as its {@code ref}, or {@code null} for a type without an id. */
    String ref();

    /**
     * One method per message type: a new type fails to compile until every handler handles it. The headers of binary
     * frames ({@link Voice}, {@link VoiceChunk}) are dispatched too; their audio travels beside them.
     */
    interface Handler {
        void hello(Hello m);

        void chat(Chat m);

        void voice(Voice m);

        void typing(Typing m);

        void history(History m);

        void voiceStart(VoiceStart m);

        void voiceChunk(VoiceChunk m);

        void voiceEnd(VoiceEnd m);

        void voiceCancel(VoiceCancel m);

        void played(Played m);
    }

    /**
     * The first frame of a session.
     *
     * @param since       highest seq the client holds for the room, or {@code null} for "the newest 50"
     * @param password    room password, or {@code null}
     * @param client      free text describing the client, or {@code null}
     * @param playedSince highest played-receipt id the client holds for the room (version 3), or {@code null} for "the
     *                    receipts of the messages replayed"; always {@code null} below version 3
     * @param resume      the {@code session} of this client's previous welcome in this room, or {@code null}: a member
     *                    of the room with the same nick and exactly that session is replaced (any version)
     */
    record Hello(int protocol, String nick, String room, Long since, String password, String client, Long playedSince,
                 String resume) implements ClientMessage {
        /** A hello without {@code playedSince} or {@code resume}. */
        public Hello(int protocol, String nick, String room, Long since, String password, String client) {
            this(protocol, nick, room, since, password, client, null, null);
        }

        /** A hello without {@code resume}. */
        public Hello(int protocol, String nick, String room, Long since, String password, String client,
                     Long playedSince) {
            this(protocol, nick, room, since, password, client, playedSince, null);
        }

        @Override
        public void accept(Handler handler) {
            handler.hello(this);
        }

        @Override
        public String ref() {
            return null;
        }
    }

    /** A chat message to store and forward. */
    record Chat(String id, String text) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.chat(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** The header of a voice frame sent by a client; the clip travels beside it. */
    record Voice(String id) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.voice(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** The sender's typing state. */
    record Typing(TypingState state) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.typing(this);
        }

        @Override
        public String ref() {
            return null;
        }
    }

    /** A request for stored messages with {@code seq < before}, the newest {@code limit} of them. */
    record History(long before, int limit) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.history(this);
        }

        @Override
        public String ref() {
            return null;
        }
    }

    /**
     * Opens a live stream (version 2): {@code id} is the id the stored voice message will have.
     *
     * @param sampleRate Hz, as a clip's {@code fmt } chunk allows
     * @param channels   1 or 2
     */
    record VoiceStart(String id, VoiceCodec codec, int sampleRate, int channels) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceStart(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** The header of one chunk of a live stream; {@code n} counts 0, 1, 2, ... The audio travels beside it. */
    record VoiceChunk(String id, long n) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceChunk(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** Ends a live stream: the relay stores what was streamed as one voice message. */
    record VoiceEnd(String id) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceEnd(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** Drops a live stream: nothing is stored. */
    record VoiceCancel(String id) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.voiceCancel(this);
        }

        @Override
        public String ref() {
            return id;
        }
    }

    /** The sender has heard voice message {@code seq} of its room to its end (version 3). */
    record Played(long seq) implements ClientMessage {
        @Override
        public void accept(Handler handler) {
            handler.played(this);
        }

        @Override
        public String ref() {
            return null;
        }
    }
}
