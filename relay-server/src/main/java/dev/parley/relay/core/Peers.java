package dev.parley.relay.core;

import dev.parley.protocol.RelayAddress;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.Type;
import dev.parley.relay.store.MessageStore;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * This relay's part in a cluster: tells the other relays, through the {@link ClusterBus}, what happens in its rooms
 * (messages and receipts it stored, typing, live voice, joins and leaves), and wires the parts that hear them
 * ({@link PeerInbox}) and say every {@code aliveEvery} that this relay is alive ({@link PeerHeartbeat}). Stored
 * messages and receipts of other relays reach this relay's members in order: a gap waits {@code gapWait}, then is read
 * from the shared store ({@link RoomFill}). A relay not heard from for {@code goneAfter} is gone: its members leave.
 * Two members who took one nick on two relays at once: the earlier join stays, the later is closed with 4409.
 */
final class Peers implements ClusterLink, RelayDirectory {
    private final ClusterBus bus;
    private final String self;
    private final ScheduledExecutorService timers;
    private final Duration aliveEvery;
    /** A stored clip whose frame is over this many bytes goes by reference: each relay reads it from the store. */
    private final int inlineClipBytes;
    private final RoomFill fill;
    private final Claims claims;
    /** Where clients reach this relay ({@code --advertise}), empty when it is not advertised. */
    private final List<RelayAddress> own;
    /** What each other relay said last. */
    private final PeerTable peers = new PeerTable();
    private final PeerInbox inbox;
    private final PeerHeartbeat heartbeat;
    private volatile ScheduledFuture<?> beating;

    /**
     * @param rooms    the room of a name, or {@code null} when no member ever joined it here
     * @param allRooms every room of this relay
     * @param guard    counts wrong passwords per address: this relay's and, told through the bus, every other relay's
     * @param inlineClipBytes a stored clip whose frame is bigger goes by reference (0: every clip; see
     *                 {@link InlineClips}); a stored message the bus refuses goes by reference too
     */
    Peers(ClusterBus bus, MessageStore store, ScheduledExecutorService timers, Executor readers,
          Function<String, Room> rooms, Supplier<Collection<Room>> allRooms, Duration aliveEvery, Duration goneAfter,
          Duration gapWait, List<RelayAddress> own, PasswordGuard guard, int inlineClipBytes) {
        this.inlineClipBytes = inlineClipBytes;
        this.own = own;
        this.bus = bus;
        this.self = bus.relayId();
        this.timers = timers;
        this.aliveEvery = aliveEvery;
        this.fill = new RoomFill(store, timers, readers, gapWait);
        this.claims = new Claims(self, fill);
        this.inbox = new PeerInbox(readers, rooms, allRooms, fill, claims, guard, peers, this::beat);
        this.heartbeat = new PeerHeartbeat(bus, rooms, allRooms, own, peers, claims, goneAfter, inbox);
    }

    /** Starts hearing the other relays and telling them this one is alive. */
    void start() {
        bus.start(inbox);
        beating = timers.scheduleAtFixedRate(this::beat, 0, aliveEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Says goodbye: the other relays let this relay's members go at once. */
    void stop() {
        ScheduledFuture<?> b = beating;
        if (b != null) {
            b.cancel(false);
        }
        bus.publish(PeerEvent.bye().encode());
    }

    String relayId() {
        return self;
    }

    private void beat() {
        heartbeat.beat();
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
        boolean inline = frame.isText() || frame.payloadBytes() <= inlineClipBytes;
        if (!inline || !bus.publish(PeerEvent.frame(Type.STORED, room.name, seq, frame).encode())) {
            bus.publish(PeerEvent.reference(room.name, seq, frame.isText()).encode());
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
        bus.publish(PeerEvent.member(Type.JOIN, room.name, Claim.of(s)).encode());
    }

    @Override
    public void left(Room room, Session s) {
        bus.publish(PeerEvent.member(Type.LEAVE, room.name, Claim.of(s)).encode());
    }

    @Override
    public void password(boolean right, String address) {
        bus.publish(PeerEvent.password(right, address).encode());
    }
}
