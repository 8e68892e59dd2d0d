package dev.parley.relay.core;

import dev.parley.protocol.Names;
import dev.parley.protocol.RelayAddress;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.RoomState;
import dev.parley.relay.core.PeerEvent.Type;
import dev.parley.relay.store.MessageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    /** A room this relay wrote to is in its alive events this long after, members or not. */
    private static final long RECENT_WRITE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClusterBus bus;
    private final String self;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final Function<String, Room> rooms;
    private final Supplier<Collection<Room>> allRooms;
    private final Duration aliveEvery;
    private final Duration goneAfter;
    private final RoomFill fill;
    private final Claims claims;
    /** Where clients reach this relay ({@code --advertise}), empty when it is not advertised. */
    private final List<RelayAddress> own;
    /** Counts wrong passwords per address: this relay's and, told through the bus, every other relay's. */
    private final PasswordGuard guard;
    /** What each other relay said last. */
    private final PeerTable peers = new PeerTable();
    private volatile boolean busUp = true;
    private volatile ScheduledFuture<?> heartbeat;


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
        this.timers = timers;
        this.readers = readers;
        this.rooms = rooms;
        this.allRooms = allRooms;
        this.aliveEvery = aliveEvery;
        this.goneAfter = goneAfter;
        this.fill = new RoomFill(store, timers, readers, gapWait);
        this.claims = new Claims(self, fill);
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
    public List<RelayAddress> relays() {
        return peers.relays(own);
    }

    /** This relay's addresses, and every address another relay of the cluster advertised since this one started. */
    @Override
    public boolean listedOnce(String hostPort) {
        return RelayDirectory.super.listedOnce(hostPort) || peers.advertisedOnce(hostPort);
    }

    // ---- what this relay tells the others (called holding the room's monitor) ----

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public Room open(String name, long lastSeq, long lastPlayed) {
        Room room = new Room(name, lastSeq, lastPlayed, this);
        peers.claimsIn(name).forEach((relay, members) -> {
            for (Claim c : members) {
                claims.claim(room, relay, c, false);
            }
        });
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
            fill.schedule(room, seq - 1, 0);
        }
    }

    @Override
    public void played(Room room, long id, SharedFrame frame) {
        room.wroteAtNanos = System.nanoTime();
        bus.publish(PeerEvent.frame(Type.PLAYED, room.name, id, frame).encode());
        if (id > room.lastPlayed + 1) {
            fill.schedule(room, 0, id - 1); // as for a stored message
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
        peers.remember(from, e);
        switch (e.type()) {
            case ALIVE -> {
                for (RoomState r : e.rooms()) {
                    Room room = rooms.apply(r.room());
                    if (room != null) {
                        synchronized (room) {
                            claims.reconcile(room, from, r);
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
        peers.heardAll(System.nanoTime());
        busUp = true;
        log.info("cluster: the bus is back; catching up from the store");
        beat();
        for (Room room : allRooms.get()) {
            readers.execute(() -> fill.catchUp(room));
        }
    }

    /** One event about a room; holding its monitor. */
    private void apply(Room room, String from, PeerEvent e) {
        switch (e.type()) {
            case STORED -> {
                if (e.payload() == null) {
                    fill.schedule(room, e.number(), 0);
                    return;
                }
                if (!e.text() && !room.remoteStreams.isEmpty()) {
                    RemoteStreams.ended(room, RemoteStreams.voiceHeader(e.payload()));
                }
                if (room.offerStored(e.number(), e.toFrame())) {
                    fill.schedule(room, 0, 0);
                }
            }
            case PLAYED -> {
                if (room.offerPlayed(e.number(), e.toFrame())) {
                    fill.schedule(room, 0, 0);
                }
            }
            case TYPING -> room.sendToOthers(null, e.toFrame());
            case LIVE -> {
                SharedFrame frame = e.toFrame();
                if (e.text()) {
                    RemoteStreams.track(room, from, frame.text());
                }
                room.sendToListeners(null, frame);
            }
            case JOIN -> claims.claim(room, from, e.claim(), true);
            case LEAVE -> claims.unclaim(room, from, Names.nickKey(e.claim().nick()), e.claim().hash());
            default -> {
            }
        }
    }

    /**
     * Relay {@code relay} is gone: its speakers' streams are interrupted, its members leave every room, and every room
     * reads from the store what that relay stored but never told.
     */
    private void forget(String relay) {
        peers.remove(relay);
        for (Room room : allRooms.get()) {
            synchronized (room) {
                RemoteStreams.interrupt(room, relay, null);
                claims.reconcile(room, relay, null);
            }
            // what it stored just before it died may never have been told: read it from the store
            readers.execute(() -> fill.catchUp(room));
        }
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
            peers.sweep(now, goneAfter.toNanos(), silent, quietRooms);
            for (String relay : silent) {
                log.warn("cluster: relay {} was not heard from for {} ms; its members left", relay, goneAfter.toMillis());
                forget(relay);
            }
            for (Map.Entry<String, List<String>> q : quietRooms.entrySet()) {
                for (String name : q.getValue()) {
                    Room room = rooms.apply(name);
                    if (room != null) {
                        synchronized (room) {
                            claims.reconcile(room, q.getKey(), null);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("cluster: the heartbeat failed", e);
        }
    }

}
