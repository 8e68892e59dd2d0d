package dev.parley.relay.core;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Names;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Lets a connection into a room or refuses it: the hello deadline, the first frame, the room password and its guard,
 * shutdown, nick clashes (a resumed session takes its old connection's place), then welcome, presence and replay (with
 * the receipt catch-up of a version-3 member). {@link Departures} takes sessions out again.
 */
final class Admission {
    /** Under the relay's name: join, leave and refusal lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    static final String SERVER = "parley-relay/0.1";

    private final RelayConfig config;
    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final LiveVoice live;
    private final PasswordDoor door;
    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Makes session tokens: a session is what {@code hello.resume} presents to replace its own old connection. */
    private final SecureRandom random = new SecureRandom();
    private final Occupancy occupancy = new Occupancy();
    private final Departures departures;
    private volatile boolean accepting = true;
    private final boolean logSessions;
    private final RelayEvents events;
    private volatile ClusterLink cluster = ClusterLink.NONE;
    private volatile RelayDirectory directory;

    Admission(RelayConfig config, MessageStore store, ScheduledExecutorService timers, Executor readers, LiveVoice live,
              boolean logSessions, RelayEvents events, RelayDirectory directory) {
        this.config = config;
        this.directory = directory;
        this.events = events;
        this.logSessions = logSessions;
        this.store = store;
        this.timers = timers;
        this.readers = readers;
        this.live = live;
        this.door = new PasswordDoor(config, events);
        this.departures = new Departures(live, occupancy, this::accepting, logSessions);
    }

    /** A new connection: it has {@code helloTimeout} to say hello. */
    Session open(Member member) {
        String id = newSessionToken();
        Session s = new Session(member, id, config.rateLimits(), config.limits().maxClipBytes(), config.clock());
        s.helloTimer = timers.schedule(() -> {
            if (s.state == Session.State.AWAITING_HELLO) {
                refuse(s, CloseCodes.HELLO_TIMEOUT, "no hello within " + config.helloTimeout().toMillis() + " ms");
            }
        }, config.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** 128 random bits, base64url without padding (22 characters): unguessable, so only its holder can resume. */
    private String newSessionToken() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
    }

    /** Joins this relay's rooms to a cluster, whose relays {@code directory} lists; before the first member joins. */
    void cluster(ClusterLink link, RelayDirectory directory) {
        this.cluster = link;
        this.directory = directory;
    }

    /** Counts wrong passwords per client address. */
    PasswordGuard guard() {
        return door.guard();
    }

    /** The relays every welcome lists now. */
    RelayDirectory directory() {
        return directory;
    }

    /** The room of this name, or {@code null} when no member ever joined it here. */
    Room existing(String name) {
        return rooms.get(name);
    }

    /** Every room a member ever joined here. */
    Collection<Room> rooms() {
        return rooms.values();
    }

    int online() {
        return occupancy.online();
    }

    int occupiedRooms() {
        return occupancy.occupiedRooms();
    }

    boolean accepting() {
        return accepting;
    }

    void onOnlineChanged(Runnable listener) {
        occupancy.onOnlineChanged(listener);
    }

    void stopAccepting() {
        accepting = false;
    }

    /** The session's first text frame: a good hello joins its room, anything else closes the connection. */
    void firstFrame(Session s, String text) {
        ClientMessage first;
        try {
            first = ClientCodec.decode(text, config.limits());
        } catch (ProtocolException e) {
            refuse(s, e.closeCode() != 0 ? e.closeCode() : CloseCodes.BAD_HELLO, e.getMessage());
            return;
        }
        if (!(first instanceof ClientMessage.Hello hello)) {
            refuse(s, CloseCodes.BAD_HELLO, "the first frame must be hello");
            return;
        }
        s.helloTimer.cancel(false);
        if (config.password() != null) {
            PasswordDoor.Refusal refusal = door.check(s.member().address(), hello.password(), cluster);
            if (refusal != null) {
                refuse(s, refusal.code(), refusal.reason());
                return;
            }
        }
        if (!accepting) {
            refuse(s, CloseCodes.GOING_AWAY, "relay shutting down");
            return;
        }
        join(s, hello);
    }

    /** The connection closed, for whatever reason: a joined session leaves its room (its nick is free at once). */
    void leave(Session s, int code, String reason) {
        departures.leave(s, code, reason);
    }

    /** Closes the connection with {@code code}; frames still arriving from it are ignored. */
    void refuse(Session s, int code, String reason) {
        if (logSessions) {
            log.info("refused: {} closed with {} ({})", s.member().remote(), code, reason);
        }
        events.refused(RelayEvents.Refusal.ofClose(code));
        s.state = Session.State.CLOSING;
        s.member().close(code, reason);
    }

    private void join(Session s, ClientMessage.Hello hello) {
        Room room;
        try {
            room = rooms.computeIfAbsent(hello.room(),
                    name -> cluster.open(name, store.lastSeq(name), store.lastReceiptId(name)));
        } catch (StoreException e) {
            // a room's first member here reads where the room stands; the store cannot say now: come back shortly
            log.warn("join: room {} could not be opened: {}", hello.room(), e.getMessage());
            refuse(s, CloseCodes.SERVER_ERROR, "the relay's storage is not answering; reconnect in a moment");
            return;
        }
        String key = Names.nickKey(hello.nick());
        long upTo;
        long lastPlayed;
        synchronized (room) {
            Session old = room.local(key);
            if (old != null) {
                if (!sameSession(old, hello.resume())) {
                    refuse(s, CloseCodes.NICK_TAKEN, "nick \"" + hello.nick() + "\" is already in room " + room.name);
                    return;
                }
                departures.replace(room, old, s);
                s.replaces = old.tokenHash();
            }
            RemoteMember elsewhere = room.remote(key);
            if (elsewhere != null) {
                // the nick's member is on another relay of the cluster: only its own session may take its place
                if (!elsewhere.resumedBy(hello.resume())) {
                    refuse(s, CloseCodes.NICK_TAKEN, "nick \"" + hello.nick() + "\" is already in room " + room.name);
                    return;
                }
                room.removeRemote(key);
                s.replaces = elsewhere.tokenHash();
            }
            s.join(hello.nick(), key, room, hello.protocol());
            s.joinedAt = config.clock().millis();
            upTo = room.lastSeq;
            lastPlayed = s.hearsReceipts() ? room.lastPlayed : 0;
            room.add(s);
            occupancy.added(room);
            s.member().sendText(ServerCodec.encode(new ServerMessage.Welcome(hello.protocol(), s.id(), hello.nick(),
                    room.name, room.nicks(), upTo, config.limits(), SERVER, lastPlayed, directory.relays())));
            room.sendToOthers(s, Frames.presence(ServerMessage.Presence.Event.JOIN, hello.nick(), room.nicks()));
            live.joined(s);
            room.cluster.joined(room, s);
        }
        occupancy.cameOnline();
        if (logSessions) {
            log.info("join: {} joined room {} ({} member(s), since {}, {}{})", hello.nick(), room.name, room.size(),
                    hello.since() == null ? "-" : hello.since(), s.member().remote(),
                    hello.client() == null ? "" : ", " + hello.client());
        }
        long pauseAbove = config.maxBufferedBytes() / 4;
        ReceiptCatchUp receipts = s.hearsReceipts()
                ? new ReceiptCatchUp(store, s, hello.playedSince(), lastPlayed, pauseAbove, timers, readers) : null;
        readers.execute(new Replay(store, s, hello.since(), upTo, receipts, pauseAbove, timers, readers));
    }

    /** Whether {@code resume} is exactly {@code old}'s session token, compared in constant time. */
    private static boolean sameSession(Session old, String resume) {
        return resume != null && MessageDigest.isEqual(old.id().getBytes(StandardCharsets.UTF_8),
                resume.getBytes(StandardCharsets.UTF_8));
    }
}
