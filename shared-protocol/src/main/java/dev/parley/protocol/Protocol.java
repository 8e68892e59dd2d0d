package dev.parley.protocol;

import java.time.Duration;

/** Fixed numbers of the wire protocol, versions 1 to 3 (see PROTOCOL.md). */
public final class Protocol {
    /** Version 1: stored chat and voice messages, typing, presence, history. */
    public static final int VERSION_1 = 1;
    /** Version 2: version 1 plus live voice streaming ({@code voice-start}, chunks, {@code voice-end}). */
    public static final int VERSION_2 = 2;
    /** Version 3: version 2 plus "played by" receipts ({@code played}, {@code playedSince}, {@code lastPlayed}). */
    public static final int VERSION_3 = 3;
    /** The oldest version a relay of this code speaks. */
    public static final int MIN_VERSION = VERSION_1;
    /** The newest version a relay of this code speaks; it speaks every version from {@link #MIN_VERSION} to this. */
    public static final int MAX_VERSION = VERSION_3;
    /**
     * The version every relay speaks: the one the relay announces on the local network and that scripts ask for. The
     * desktop app and the web client ask for {@link #VERSION_3} and fall back one version at a time to this one when a
     * relay refuses.
     */
    public static final int VERSION = VERSION_1;
    /** The relay's default TCP port. */
    public static final int DEFAULT_PORT = 55555;
    /** A text frame larger than this many bytes closes the connection with {@link CloseCodes#TOO_BIG}. */
    public static final int MAX_TEXT_FRAME_BYTES = 64 * 1024;
    /** Smallest header length of a binary voice frame. */
    public static final int MIN_VOICE_HEADER_BYTES = 2;
    /** Largest header length of a binary voice frame. */
    public static final int MAX_VOICE_HEADER_BYTES = 16 * 1024;
    /** A binary frame may exceed {@code maxClipBytes} by at most this much (header and its length). */
    public static final int VOICE_FRAME_OVERHEAD_BYTES = 16 * 1024;
    /** The first frame must be {@code hello} within this time. */
    public static final Duration HELLO_TIMEOUT = Duration.ofSeconds(10);
    /** A client repeats a non-idle typing state this often. */
    public static final Duration TYPING_REPEAT = Duration.ofSeconds(3);
    /** Receivers drop a typing state not repeated within this time. */
    public static final Duration TYPING_EXPIRY = Duration.ofSeconds(6);
    /** A connection that answers no ping for this long is closed. */
    public static final Duration PING_TIMEOUT = Duration.ofSeconds(60);
    /** Messages replayed when {@code hello} has no {@code since}. */
    public static final int DEFAULT_REPLAY_COUNT = 50;
    /** Largest {@code limit} of a {@code history} request. */
    public static final int MAX_HISTORY_LIMIT = 200;
    /** Longest nick, in characters, after trimming. */
    public static final int MAX_NICK_CHARS = 32;
    /** Longest room name, in characters. */
    public static final int MAX_ROOM_CHARS = 64;
    /** Longest client message id, in characters. */
    public static final int MAX_ID_CHARS = 64;
    /** The chunk length PROTOCOL.md recommends for live voice: 20 ms (640 bytes of 16 kHz mono PCM). */
    public static final Duration LIVE_CHUNK = Duration.ofMillis(20);
    /** A live stream that receives no chunk for this long is ended by the relay (its default; configurable). */
    public static final Duration LIVE_IDLE_TIMEOUT = Duration.ofSeconds(5);
    /** The room a client joins when the user names none. */
    public static final String DEFAULT_ROOM = "lobby";

    private Protocol() {
    }

    /** Whether a relay of this code speaks protocol version {@code version}. */
    public static boolean speaks(long version) {
        return version >= MIN_VERSION && version <= MAX_VERSION;
    }

    /** Whether a connection of this version may stream live voice. */
    public static boolean hasLiveVoice(int version) {
        return version >= VERSION_2;
    }

    /** Whether a connection of this version sends and receives played receipts. */
    public static boolean hasReceipts(int version) {
        return version >= VERSION_3;
    }
}
