package dev.parley.relay.core;

import dev.parley.protocol.Names;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.PeerEvent.RoomState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Carries out, on the bus's thread, what the other relays of the cluster tell this one: their members join and leave
 * this relay's member lists, their frames reach this relay's members (stored messages and receipts in order, through
 * the room's sequences and the shared store), a relay that says goodbye or goes silent loses its members, and after a
 * bus outage every room catches up from the store.
 */
final class PeerInbox implements ClusterBus.Listener {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    private final Executor readers;
    private final Function<String, Room> rooms;
    private final Supplier<Collection<Room>> allRooms;
    private final RoomFill fill;
    private final Claims claims;
    private final PasswordGuard guard;
    private final PeerTable peers;
    /** Runs when the bus is back, before the rooms catch up: tells the others at once that this relay is alive. */
    private final Runnable beat;
    private volatile boolean busUp = true;

    /**
     * @param rooms    the room of a name, or {@code null} when no member ever joined it here
     * @param allRooms every room of this relay
     */
    PeerInbox(Executor readers, Function<String, Room> rooms, Supplier<Collection<Room>> allRooms, RoomFill fill,
              Claims claims, PasswordGuard guard, PeerTable peers, Runnable beat) {
        this.readers = readers;
        this.rooms = rooms;
        this.allRooms = allRooms;
        this.fill = fill;
        this.claims = claims;
        this.guard = guard;
        this.peers = peers;
        this.beat = beat;
    }

    /** Whether the bus is connected as far as this relay heard ({@link #down()} not followed by {@link #up()}). */
    boolean busUp() {
        return busUp;
    }

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
        beat.run();
        for (Room room : allRooms.get()) {
            readers.execute(() -> fill.catchUp(room));
        }
    }

    /** One event about a room; holding its monitor. */
    private void apply(Room room, String from, PeerEvent e) {
        switch (e.type()) {
            case STORED -> {
                if (e.payload() == null) {
                    fill.fetch(room, e.number()); // committed before it was told: read it now
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
    void forget(String relay) {
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
}
