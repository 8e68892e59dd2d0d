package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Names;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.RelayAddress;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.RoomState;
import dev.parley.relay.core.PeerEvent.Type;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.StoreException;
import dev.parley.relay.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This relay's part in a cluster: tells the other relays, through the {@link ClusterBus}, what happens in its rooms
 * (messages and receipts it stored, typing, live voice, joins and leaves, and every second that it is alive with its
 * rooms' members), and carries out what they tell it: their members join this relay's member lists, their frames reach
 * this relay's members, stored messages and receipts in order (a gap waits {@code gapWait}, then is read from the shared
 * store). A relay not heard from for {@code goneAfter} is gone: its members leave. Two members who took one nick on two
 * relays at once: the earlier join stays, the later is closed with 4409.
 */
final class Peers implements ClusterLink, ClusterBus.Listener, RelayDirectory {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    private static final int FILL_PAGE = 256;
    private static final long FILL_BYTES = 8L << 20;
    /** A room this relay wrote to is in its alive events this long after, members or not. */
    private static final long RECENT_WRITE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClusterBus bus;
    private final String self;
    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final Function<String, Room> rooms;
    private final Supplier<Collection<Room>> allRooms;
    private final Duration aliveEvery;
    private final Duration goneAfter;
    private final Duration gapWait;
    /** Where clients reach this relay ({@code --advertise}), empty when it is not advertised. */
    private final List<RelayAddress> own;
    /** Counts wrong passwords per address: this relay's and, told through the bus, every other relay's. */
    private final PasswordGuard guard;
    /** What each other relay said last, by relay id; guarded by {@code this}, never held while taking a room's monitor. */
    private final Map<String, Peer> peers = new HashMap<>();
    private volatile boolean busUp = true;
    private volatile ScheduledFuture<?> heartbeat;

    /** What this relay knows of another: when it was last heard, and its rooms as it last told them. */
    private static final class Peer {
        long heardNanos;
        final Map<String, RoomState> rooms = new HashMap<>();
        /** When each room was last mentioned: a room not mentioned for {@code goneAfter} has no members there. */
        final Map<String, Long> roomHeardNanos = new HashMap<>();
        List<RelayAddress> addresses = List.of();
    }

    /**
     * @param rooms    the room of a name, or {@code null} when no member ever joined it here
     * @param allRooms every room of this relay
     */
    Peers(ClusterBus bus, MessageStore store, ScheduledExecutorService timers, Executor readers,
          Function<String, Room> rooms, Supplier<Collection<Room>> allRooms, Duration aliveEvery, Duration goneAfter,
          Duration gapWait, List<RelayAddress> own, PasswordGuard guard) {
        this.own = own;
        this.guard = guard;
        this.bus = bus;
        this.self = bus.relayId();
        this.store = store;
        this.timers = timers;
        this.readers = readers;
        this.rooms = rooms;
        this.allRooms = allRooms;
        this.aliveEvery = aliveEvery;
        this.goneAfter = goneAfter;
        this.gapWait = gapWait;
    }

    /** Starts hearing the other relays and telling them this one is alive. */
    void start() {
        bus.start(this);
        heartbeat = timers.scheduleAtFixedRate(this::beat, 0, aliveEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Says goodbye: the other relays let this relay's members go at once. */
    void stop() {
        ScheduledFuture<?> h = heartbeat;
        if (h != null) {
            h.cancel(false);
        }
        bus.publish(PeerEvent.bye().encode());
    }

    String relayId() {
        return self;
    }

    /** This relay (when advertised), then every other relay of the cluster heard from lately that is advertised. */
    @Override
    public synchronized List<RelayAddress> relays() {
        List<RelayAddress> all = new ArrayList<>(own);
        for (Peer p : peers.values()) {
            for (RelayAddress a : p.addresses) {
                if (!all.contains(a)) {
                    all.add(a);
                }
            }
        }
        return all;
    }

    // ---- what this relay tells the others (called holding the room's monitor) ----

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public Room open(String name, long lastSeq, long lastPlayed) {
        Room room = new Room(name, lastSeq, lastPlayed, this);
        synchronized (this) {
            for (Map.Entry<String, Peer> p : peers.entrySet()) {
                RoomState state = p.getValue().rooms.get(name);
                if (state != null) {
                    for (Claim c : state.members()) {
                        claim(room, p.getKey(), c, false);
                    }
                }
            }
        }
        return room;
    }

    @Override
    public void stored(Room room, long seq, SharedFrame frame) {
        room.wroteAtNanos = System.nanoTime();
        PeerEvent event = PeerEvent.frame(Type.STORED, room.name, seq, frame);
        if (!bus.publish(event.encode())) {
            bus.publish(event.withoutPayload().encode());
        }
        if (seq > room.lastSeq + 1) {
            // another relay stored the ones before it, and the bus may never say so (it is down, or that relay died
            // between its commit and its event): read them from the store unless they come first
            scheduleFill(room, seq - 1, 0);
        }
    }

    @Override
    public void played(Room room, long id, SharedFrame frame) {
        room.wroteAtNanos = System.nanoTime();
        bus.publish(PeerEvent.frame(Type.PLAYED, room.name, id, frame).encode());
        if (id > room.lastPlayed + 1) {
            scheduleFill(room, 0, id - 1); // as for a stored message
        }
    }

    @Override
    public void typing(Room room, SharedFrame frame) {
        bus.publish(PeerEvent.frame(Type.TYPING, room.name, 0, frame).encode());
    }

    @Override
    public void live(Room room, SharedFrame frame) {
        bus.publish(PeerEvent.frame(Type.LIVE, room.name, 0, frame).encode());
    }

    @Override
    public void joined(Room room, Session s) {
        bus.publish(PeerEvent.member(Type.JOIN, room.name, claimOf(s)).encode());
    }

    @Override
    public void left(Room room, Session s) {
        bus.publish(PeerEvent.member(Type.LEAVE, room.name, claimOf(s)).encode());
    }

    @Override
    public void password(boolean right, String address) {
        bus.publish(PeerEvent.password(right, address).encode());
    }

    private static Claim claimOf(Session s) {
        return new Claim(s.nick(), s.joinedAt, s.tokenHash(), s.replaces);
    }

    // ---- what the other relays tell this one (the bus's thread) ----

    @Override
    public void received(String from, byte[] bytes) {
        PeerEvent e;
        try {
            e = PeerEvent.decode(bytes);
        } catch (RuntimeException ex) {
            log.warn("cluster: an event from relay {} could not be read ({}); ignored", from, ex.toString());
            return;
        }
        if (e == null) {
            return;
        }
        remember(from, e);
        switch (e.type()) {
            case ALIVE -> {
                for (RoomState r : e.rooms()) {
                    Room room = rooms.apply(r.room());
                    if (room != null) {
                        synchronized (room) {
                            reconcile(room, from, r);
                        }
                    }
                }
            }
            case BYE -> {
                log.info("cluster: relay {} left the cluster", from);
                forget(from);
            }
            case WRONG_PASSWORD -> {
                if (e.from() != null && guard.failed(e.from())) {
                    log.info("banned: {} sent too many wrong passwords to the cluster's relays", e.from());
                }
            }
            case RIGHT_PASSWORD -> {
                if (e.from() != null) {
                    guard.succeeded(e.from());
                }
            }
            default -> {
                Room room = e.room() == null ? null : rooms.apply(e.room());
                if (room != null) {
                    synchronized (room) {
                        apply(room, from, e);
                    }
                }
            }
        }
    }

    @Override
    public void down() {
        busUp = false;
        log.warn("cluster: the bus is down; serving this relay's members, catching up when it is back");
    }

    @Override
    public void up() {
        long now = System.nanoTime();
        synchronized (this) {
            for (Peer p : peers.values()) {
                p.heardNanos = now;
            }
        }
        busUp = true;
        log.info("cluster: the bus is back; catching up from the store");
        beat();
        for (Room room : allRooms.get()) {
            readers.execute(() -> catchUp(room));
        }
    }

    /** One event about a room; holding its monitor. */
    private void apply(Room room, String from, PeerEvent e) {
        switch (e.type()) {
            case STORED -> {
                if (e.payload() == null) {
                    scheduleFill(room, e.number(), 0);
                    return;
                }
                if (!e.text() && !room.remoteStreams.isEmpty()) {
                    streamEnded(room, voiceHeader(e.payload()));
                }
                if (room.offerStored(e.number(), e.toFrame())) {
                    scheduleFill(room, 0, 0);
                }
            }
            case PLAYED -> {
                if (room.offerPlayed(e.number(), e.toFrame())) {
                    scheduleFill(room, 0, 0);
                }
            }
            case TYPING -> room.sendToOthers(null, e.toFrame());
            case LIVE -> {
                SharedFrame frame = e.toFrame();
                if (e.text()) {
                    track(room, from, frame.text());
                }
                room.sendToListeners(null, frame);
            }
            case JOIN -> claim(room, from, e.claim(), true);
            case LEAVE -> unclaim(room, from, Names.nickKey(e.claim().nick()), e.claim().hash());
            default -> {
            }
        }
    }

    /** Keeps what a relay said of its members, for rooms that open here later; and that it is alive. */
    private synchronized void remember(String from, PeerEvent e) {
        if (e.type() == Type.BYE) {
            peers.remove(from);
            return;
        }
        Peer p = peers.computeIfAbsent(from, id -> {
            log.info("cluster: relay {} joined the cluster", id);
            return new Peer();
        });
        p.heardNanos = System.nanoTime();
        switch (e.type()) {
            case ALIVE -> {
                if (e.addresses() != null) {
                    p.addresses = List.copyOf(e.addresses());
                }
                for (RoomState r : e.rooms()) {
                    p.rooms.put(r.room(), r);
                    p.roomHeardNanos.put(r.room(), p.heardNanos);
                }
            }
            case JOIN -> {
                RoomState r = p.rooms.getOrDefault(e.room(), new RoomState(e.room(), 0, 0, List.of()));
                List<Claim> members = new ArrayList<>(r.members());
                members.removeIf(c -> Names.nickKey(c.nick()).equals(Names.nickKey(e.claim().nick())));
                members.add(e.claim());
                p.rooms.put(e.room(), new RoomState(r.room(), r.seq(), r.played(), members));
                p.roomHeardNanos.put(e.room(), p.heardNanos);
            }
            case LEAVE -> {
                RoomState r = p.rooms.get(e.room());
                if (r != null) {
                    List<Claim> members = new ArrayList<>(r.members());
                    members.removeIf(c -> c.hash().equals(e.claim().hash()));
                    p.rooms.put(e.room(), new RoomState(r.room(), r.seq(), r.played(), members));
                }
            }
            default -> {
            }
        }
    }

    /**
     * Makes a room's members on relay {@code from} what it said ({@code state}, or none when it did not mention the
     * room), and reads what this relay missed of messages and receipts it delivered. Holding the room's monitor.
     */
    private void reconcile(Room room, String from, RoomState state) {
        Set<String> keys = new HashSet<>();
        if (state != null) {
            for (Claim c : state.members()) {
                keys.add(Names.nickKey(c.nick()));
                claim(room, from, c, true);
            }
            if (state.seq() > room.lastSeq || state.played() > room.lastPlayed) {
                scheduleFill(room, state.seq(), state.played());
            }
        }
        for (RemoteMember m : List.copyOf(room.remotes())) {
            if (m.relay().equals(from) && !keys.contains(m.nickKey())) {
                unclaim(room, from, m.nickKey(), null);
            }
        }
    }

    /**
     * A member on relay {@code relay} claims a nick in the room: it joins the member list unless an earlier claim to the
     * nick stands; a later member of this relay with the nick is closed (4409), and so is the session the claim says it
     * replaces (4410: the same member connected again elsewhere). Holding the room's monitor.
     */
    private void claim(Room room, String relay, Claim c, boolean announce) {
        String key = Names.nickKey(c.nick());
        RemoteMember member = new RemoteMember(c.nick(), key, relay, c.at(), c.hash());
        boolean replaced = false;
        Session local = room.local(key);
        if (local != null) {
            replaced = local.tokenHash().equals(c.replaces());
            if (!replaced && !member.before(local.joinedAt, self)) {
                return;
            }
            if (local.state == Session.State.JOINED) {
                local.state = Session.State.CLOSING;
                if (replaced) {
                    log.info("cluster: {} in room {} connected again on relay {}; closing the older connection here",
                            c.nick(), room.name, relay);
                    local.member().close(CloseCodes.REPLACED, "replaced: the same member connected again");
                } else {
                    log.info("cluster: {} joined room {} on relay {} first; closing the later session here",
                            c.nick(), room.name, relay);
                    local.member().close(CloseCodes.NICK_TAKEN,
                            "nick \"" + c.nick() + "\" is already in room " + room.name + " (on another relay)");
                }
            }
        }
        RemoteMember existing = room.remote(key);
        if (existing != null) {
            if (existing.relay().equals(relay) && existing.tokenHash().equals(c.hash())) {
                return;
            }
            boolean replacesIt = existing.tokenHash().equals(c.replaces());
            if (!replacesIt && existing.before(c.at(), relay)) {
                return;
            }
            replaced |= replacesIt;
            room.removeRemote(key);
        }
        room.addRemote(member);
        if (announce && (replaced || existing == null && local == null)) {
            room.sendToOthers(null, presence(ServerMessage.Presence.Event.JOIN, c.nick(), room));
        }
    }

    /**
     * The member of relay {@code relay} with nick key {@code key} (and session digest {@code hash}, or any when
     * {@code null}) left the room. Holding the room's monitor.
     */
    private void unclaim(Room room, String relay, String key, String hash) {
        RemoteMember existing = room.remote(key);
        if (existing == null || !existing.relay().equals(relay) || hash != null && !existing.tokenHash().equals(hash)) {
            return;
        }
        room.removeRemote(key);
        interruptStreams(room, relay, existing.nick());
        if (room.local(key) == null) {
            room.sendToOthers(null, presence(ServerMessage.Presence.Event.LEAVE, existing.nick(), room));
        }
    }

    /**
     * Tells listeners here that the open streams of relay {@code relay}'s speaker {@code nick} (of all its speakers
     * when {@code null}) were interrupted: that member or relay is gone without ending them. Holding the monitor.
     */
    private static void interruptStreams(Room room, String relay, String nick) {
        for (Room.RemoteStream stream : List.copyOf(room.remoteStreams)) {
            if (stream.relay().equals(relay) && (nick == null || stream.from().equals(nick))) {
                room.remoteStreams.remove(stream);
                room.sendToListeners(null, SharedFrame.text(ServerCodec.encode(
                        new ServerMessage.VoiceAbort(stream.id(), stream.from(), AbortReason.INTERRUPTED))));
                room.sendToOthers(null, SharedFrame.text(ServerCodec.encode(
                        new ServerMessage.Typing(stream.from(), TypingState.IDLE))));
            }
        }
    }

    /**
     * Relay {@code relay} is gone: its speakers' streams are interrupted, its members leave every room, and every room
     * reads from the store what that relay stored but never told.
     */
    private void forget(String relay) {
        synchronized (this) {
            peers.remove(relay);
        }
        for (Room room : allRooms.get()) {
            synchronized (room) {
                interruptStreams(room, relay, null);
                reconcile(room, relay, null);
            }
            // what it stored just before it died may never have been told: read it from the store
            readers.execute(() -> catchUp(room));
        }
    }

    /** Keeps track of the live streams of other relays' speakers that listeners here know of. Holding the monitor. */
    private static void track(Room room, String relay, String json) {
        ServerMessage m;
        try {
            m = ServerCodec.decode(json);
        } catch (ProtocolException e) {
            return;
        }
        if (m instanceof ServerMessage.VoiceStart start) {
            room.remoteStreams.add(new Room.RemoteStream(start.id(), start.from(), relay));
        } else if (m instanceof ServerMessage.VoiceAbort abort) {
            room.remoteStreams.removeIf(st -> st.id().equals(abort.id()) && st.from().equals(abort.from()));
        }
    }

    /** A stored voice message ends the live stream it came from. Holding the monitor. */
    private static void streamEnded(Room room, ServerMessage stored) {
        if (stored instanceof ServerMessage.Voice voice) {
            room.remoteStreams.removeIf(st -> st.id().equals(voice.id()) && st.from().equals(voice.from()));
        }
    }

    /** The header of a voice frame's bytes, or {@code null} when they are not one. */
    private static ServerMessage voiceHeader(byte[] payload) {
        try {
            return ServerCodec.decode(VoiceFrame.split(ByteBuffer.wrap(payload)).header());
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static SharedFrame presence(ServerMessage.Presence.Event event, String nick, Room room) {
        return SharedFrame.text(ServerCodec.encode(new ServerMessage.Presence(event, nick, room.nicks())));
    }

    // ---- alive events, relays gone silent ----

    /**
     * Says, room by room, who is here and how far each room was delivered (each room's part published holding its
     * monitor, so it keeps its place among the room's joins, leaves and messages on the bus), then that this relay is
     * alive; and lets go of relays, and of rooms of relays, not heard from for {@code goneAfter}.
     */
    private void beat() {
        try {
            long now = System.nanoTime();
            for (Room room : allRooms.get()) {
                synchronized (room) {
                    if (room.size() > 0 || now - room.wroteAtNanos < RECENT_WRITE_NANOS) {
                        List<Claim> members = new ArrayList<>();
                        for (Session s : room.locals()) {
                            members.add(claimOf(s));
                        }
                        RoomState state = new RoomState(room.name, room.lastSeq, room.lastPlayed, members);
                        bus.publish(PeerEvent.alive(List.of(state), null).encode());
                    }
                }
            }
            bus.publish(PeerEvent.alive(List.of(), own).encode());
            if (!busUp) {
                return;
            }
            List<String> silent = new ArrayList<>();
            Map<String, List<String>> quietRooms = new HashMap<>();
            synchronized (this) {
                for (Map.Entry<String, Peer> p : peers.entrySet()) {
                    if (now - p.getValue().heardNanos > goneAfter.toNanos()) {
                        silent.add(p.getKey());
                        continue;
                    }
                    for (Map.Entry<String, Long> r : p.getValue().roomHeardNanos.entrySet()) {
                        if (now - r.getValue() > goneAfter.toNanos()) {
                            quietRooms.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(r.getKey());
                        }
                    }
                    for (String room : quietRooms.getOrDefault(p.getKey(), List.of())) {
                        p.getValue().roomHeardNanos.remove(room);
                        p.getValue().rooms.remove(room);
                    }
                }
            }
            for (String relay : silent) {
                log.warn("cluster: relay {} was not heard from for {} ms; its members left", relay, goneAfter.toMillis());
                forget(relay);
            }
            for (Map.Entry<String, List<String>> q : quietRooms.entrySet()) {
                for (String name : q.getValue()) {
                    Room room = rooms.apply(name);
                    if (room != null) {
                        synchronized (room) {
                            reconcile(room, q.getKey(), null);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("cluster: the heartbeat failed", e);
        }
    }

    // ---- reading what this relay missed from the store ----

    /** After the bus was down: reads whatever was stored meanwhile. */
    private void catchUp(Room room) {
        try {
            long seq = store.lastSeq(room.name);
            long played = store.lastReceiptId(room.name);
            synchronized (room) {
                scheduleFill(room, seq, played);
            }
        } catch (StoreException e) {
            log.warn("cluster: catching up room {} failed ({}); retrying", room.name, e.getMessage());
            timers.schedule(() -> readers.execute(() -> catchUp(room)), 1, TimeUnit.SECONDS);
        }
    }

    /** Reads messages up to {@code seq} and receipts up to {@code played} soon, unless they arrive first. Holding the monitor. */
    private void scheduleFill(Room room, long seq, long played) {
        room.fillSeqTo = Math.max(room.fillSeqTo, seq);
        room.fillPlayedTo = Math.max(room.fillPlayedTo, played);
        if (!room.fillScheduled) {
            room.fillScheduled = true;
            timers.schedule(() -> readers.execute(() -> fill(room)), gapWait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void fill(Room room) {
        long from;
        long to;
        long playedFrom;
        long playedTo;
        synchronized (room) {
            room.fillScheduled = false;
            from = room.lastSeq;
            to = Math.max(room.fillSeqTo, room.storedWaiting.firstWaiting() - 1);
            playedFrom = room.lastPlayed;
            playedTo = Math.max(room.fillPlayedTo, room.playedWaiting.firstWaiting() - 1);
        }
        try {
            boolean more = false;
            if (to > from) {
                List<StoredMessage> page = store.range(room.name, from, to, FILL_PAGE, FILL_BYTES);
                synchronized (room) {
                    if (page.isEmpty()) {
                        room.skipStoredTo(to);
                    } else {
                        room.skipStoredTo(page.get(0).message().seq() - 1);
                        for (StoredMessage m : page) {
                            streamEnded(room, m.message());
                            room.offerStored(m.message().seq(), Frames.live(m));
                        }
                    }
                    more = room.lastSeq < to;
                }
            }
            if (playedTo > playedFrom) {
                List<ServerMessage.Played> page = store.receipts(room.name, playedFrom, playedTo, 0, Long.MAX_VALUE,
                        FILL_PAGE);
                synchronized (room) {
                    if (page.isEmpty()) {
                        room.skipPlayedTo(playedTo);
                    } else {
                        room.skipPlayedTo(page.get(0).id() - 1);
                        for (ServerMessage.Played p : page) {
                            room.offerPlayed(p.id(), SharedFrame.text(ServerCodec.encode(p)));
                        }
                    }
                    more |= room.lastPlayed < playedTo;
                }
            }
            if (more) {
                readers.execute(() -> fill(room));
            }
        } catch (StoreException e) {
            log.warn("cluster: reading room {}'s missed messages failed ({}); retrying", room.name, e.getMessage());
            synchronized (room) {
                scheduleFill(room, to, playedTo);
            }
        }
    }
}
