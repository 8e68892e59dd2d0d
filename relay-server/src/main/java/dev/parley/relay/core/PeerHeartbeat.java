package dev.parley.relay.core;

import dev.parley.protocol.RelayAddress;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.RoomState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tells the other relays, at every beat, that this relay is alive with its rooms' members, and lets go of relays (and
 * of rooms of relays) not heard from for {@code goneAfter}.
 */
final class PeerHeartbeat {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    /** A room this relay wrote to is in its alive events this long after, members or not. */
    private static final long RECENT_WRITE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ClusterBus bus;
    private final Function<String, Room> rooms;
    private final Supplier<Collection<Room>> allRooms;
    private final List<RelayAddress> own;
    private final PeerTable peers;
    private final Claims claims;
    private final Duration goneAfter;
    private final PeerInbox inbox;

    PeerHeartbeat(ClusterBus bus, Function<String, Room> rooms, Supplier<Collection<Room>> allRooms,
                  List<RelayAddress> own, PeerTable peers, Claims claims, Duration goneAfter, PeerInbox inbox) {
        this.bus = bus;
        this.rooms = rooms;
        this.allRooms = allRooms;
        this.own = own;
        this.peers = peers;
        this.claims = claims;
        this.goneAfter = goneAfter;
        this.inbox = inbox;
    }

    /**
     * Says, room by room, who is here and how far each room was delivered (each room's part published holding its
     * monitor, so it keeps its place among the room's joins, leaves and messages on the bus), then that this relay is
     * alive; and lets go of relays, and of rooms of relays, not heard from for {@code goneAfter} (not while the bus is
     * down: nobody could be heard).
     */
    void beat() {
        try {
            long now = System.nanoTime();
            for (Room room : allRooms.get()) {
                synchronized (room) {
                    if (room.size() > 0 || now - room.wroteAtNanos < RECENT_WRITE_NANOS) {
                        List<Claim> members = new ArrayList<>();
                        for (Session s : room.locals()) {
                            members.add(Claim.of(s));
                        }
                        RoomState state = new RoomState(room.name, room.lastSeq, room.lastPlayed, members);
                        bus.publish(PeerEvent.alive(List.of(state), null).encode());
                    }
                }
            }
            bus.publish(PeerEvent.alive(List.of(), own).encode());
            if (!inbox.busUp()) {
                return;
            }
            List<String> silent = new ArrayList<>();
            Map<String, List<String>> quietRooms = new HashMap<>();
            peers.sweep(now, goneAfter.toNanos(), silent, quietRooms);
            for (String relay : silent) {
                log.warn("cluster: relay {} was not heard from for {} ms; its members left", relay, goneAfter.toMillis());
                inbox.forget(relay);
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
