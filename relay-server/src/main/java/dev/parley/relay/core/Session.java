package dev.parley.relay.core;

import dev.parley.protocol.Protocol;
import dev.parley.protocol.TypingState;
import dev.parley.relay.RateLimits;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * One connection's state in the relay logic: waiting for hello, then a member of one room.
 * Fields that other members' traffic touches ({@code typing}, replay state) are guarded by the room's monitor.
 */
public final class Session {
    /**
     * AWAITING_HELLO → JOINED → CLOSED, or → CLOSING (the relay refused it and asked the socket to close; frames
     * still arriving are ignored) → CLOSED. Only {@link Relay#onClose} ({@link Departures#leave}) makes it CLOSED, and only it takes a joined
     * session out of its room, so every close frees the nick and is announced, whatever its reason.
     */
    enum State { AWAITING_HELLO, JOINED, CLOSING, CLOSED }

    private final Member member;
    private final String id;
    private final TokenBucket messages;
    private final TokenBucket voiceBytes;
    private final boolean unlimited;
    volatile State state = State.AWAITING_HELLO;
    volatile ScheduledFuture<?> helloTimer;
    private String nick;
    private String nickKey;
    private Room room;
    private int protocol;
    TypingState typing = TypingState.IDLE;
    /** When it joined its room, in the relay's clock (ms): in a cluster, the earlier of two claims to a nick stays. */
    long joinedAt;
    /** The {@link #tokenHash()} of the session this one replaced (its hello's {@code resume}), or {@code null}. */
    String replaces;
    private String tokenHash;
    /** The live stream this connection is sending, or {@code null}; guarded by the room's monitor. */
    LiveStream live;
    private List<SharedFrame> pending;

    Session(Member member, String id, RateLimits limits, long maxClipBytes, Clock clock) {
        this.member = member;
        this.id = id;
        this.unlimited = limits.unlimited();
        this.messages = new TokenBucket(clock, limits.messagesPerSecond(), limits.messageBurst());
        this.voiceBytes = new TokenBucket(clock, limits.voiceBytesPerSecond(),
                Math.max(limits.voiceBurstBytes(), maxClipBytes));
    }

    Member member() {
        return member;
    }

    String id() {
        return id;
    }

    /**
     * A digest of this session's token, which the relays of a cluster tell each other instead of the token itself: a
     * hello on another relay whose {@code resume} has this digest may take this session's place.
     */
    String tokenHash() {
        if (tokenHash == null) {
            tokenHash = hashOf(id);
        }
        return tokenHash;
    }

    /** The digest of a session token: SHA-256, base64url. */
    static String hashOf(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    String nick() {
        return nick;
    }

    String nickKey() {
        return nickKey;
    }

    Room room() {
        return room;
    }

    /** The protocol version this connection speaks (0 before hello). */
    int protocol() {
        return protocol;
    }

    /** Whether this connection receives live voice streams (protocol 2 and later). */
    boolean hearsLive() {
        return Protocol.hasLiveVoice(protocol);
    }

    /** Whether this connection sends and receives played receipts (protocol 3 and later). */
    boolean hearsReceipts() {
        return Protocol.hasReceipts(protocol);
    }

    /** Becomes a member of {@code room} speaking {@code protocol}, replaying first; call holding the room's monitor. */
    void join(String nick, String nickKey, Room room, int protocol) {
        this.protocol = protocol;
        this.nick = nick;
        this.nickKey = nickKey;
        this.room = room;
        this.pending = new ArrayList<>();
        this.state = State.JOINED;
    }

    /** Sends a live stored message now, or after the replay when one is running; call holding the room's monitor. */
    void deliverLive(SharedFrame frame) {
        if (pending != null) {
            pending.add(frame);
        } else {
            member.send(frame);
        }
    }

    /** Ends the replay: sends what arrived live meanwhile; call holding the room's monitor. */
    void replayDone() {
        if (pending != null) {
            for (SharedFrame f : pending) {
                member.send(f);
            }
            pending = null;
        }
    }

    boolean allowMessage() {
        return unlimited || messages.tryTake(1);
    }

    boolean allowVoiceBytes(long bytes) {
        return unlimited || voiceBytes.tryTake(bytes);
    }
}
