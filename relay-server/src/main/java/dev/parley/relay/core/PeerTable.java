package dev.parley.relay.core;

import dev.parley.protocol.Names;
import dev.parley.protocol.RelayAddress;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.RoomState;
import dev.parley.relay.core.PeerEvent.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What this relay knows of the other relays of its cluster: when each was last heard from, its advertised addresses,
 * and each room's members there as it last told them (for rooms that open here later, and to let go of a room it stops
 * mentioning). Thread-safe; never held while a room's monitor is taken.
 */
final class PeerTable {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    /** One other relay. */
    private static final class Peer {
        long heardNanos;
        final Map<String, RoomState> rooms = new HashMap<>();
        /** When each room was last mentioned: a room not mentioned for a while has no members there. */
        final Map<String, Long> roomHeardNanos = new HashMap<>();
        List<RelayAddress> addresses = List.of();
    }

    /** How many other relays' addresses {@link #advertisedOnce} remembers (a cluster has a handful). */
    private static final int REMEMBERED_ADDRESSES = 1024;

    private final Map<String, Peer> peers = new HashMap<>();
    /** Every address another relay advertised since this relay started ({@code host:port}), gone relays' too. */
    private final Set<String> advertised = new HashSet<>();

    /** Notes an event of relay {@code from}: it is alive, and what it says of its rooms' members. */
    synchronized void remember(String from, PeerEvent e) {
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
                    for (RelayAddress a : p.addresses) {
                        if (advertised.size() < REMEMBERED_ADDRESSES) {
                            advertised.add(a.hostPort());
                        }
                    }
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

    /** The members each other relay last said it has in room {@code name}, by relay id. */
    synchronized Map<String, List<Claim>> claimsIn(String name) {
        Map<String, List<Claim>> out = new HashMap<>();
        for (Map.Entry<String, Peer> p : peers.entrySet()) {
            RoomState state = p.getValue().rooms.get(name);
            if (state != null) {
                out.put(p.getKey(), List.copyOf(state.members()));
            }
        }
        return out;
    }

    /** Whether another relay advertised {@code hostPort} at some time since this relay started. */
    synchronized boolean advertisedOnce(String hostPort) {
        return advertised.contains(hostPort);
    }

    /** {@code own} (this relay's advertised addresses), then every other relay's, each once. */
    synchronized List<RelayAddress> relays(List<RelayAddress> own) {
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

    /** Counts every relay as heard from at {@code now} (the bus is back: silence while it was down meant nothing). */
    synchronized void heardAll(long now) {
        for (Peer p : peers.values()) {
            p.heardNanos = now;
        }
    }

    synchronized void remove(String relay) {
        peers.remove(relay);
    }

    /**
     * Adds to {@code silent} the relays not heard from for {@code goneAfterNanos} (left in the table: {@link #remove}
     * them), and to {@code quietRooms} the rooms each other relay has not mentioned for that long (forgotten here).
     */
    synchronized void sweep(long now, long goneAfterNanos, List<String> silent, Map<String, List<String>> quietRooms) {
        for (Map.Entry<String, Peer> p : peers.entrySet()) {
            if (now - p.getValue().heardNanos > goneAfterNanos) {
                silent.add(p.getKey());
                continue;
            }
            for (Map.Entry<String, Long> r : p.getValue().roomHeardNanos.entrySet()) {
                if (now - r.getValue() > goneAfterNanos) {
                    quietRooms.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(r.getKey());
                }
            }
            for (String room : quietRooms.getOrDefault(p.getKey(), List.of())) {
                p.getValue().roomHeardNanos.remove(room);
                p.getValue().rooms.remove(room);
            }
        }
    }
}
