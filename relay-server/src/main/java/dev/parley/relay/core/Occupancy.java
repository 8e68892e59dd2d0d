package dev.parley.relay.core;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts this relay's members online and its rooms with at least one member, and tells a listener whenever a member
 * comes online or leaves.
 */
final class Occupancy {
    private final AtomicInteger online = new AtomicInteger();
    /** Rooms with at least one member: changed under the room's monitor when its first member comes or last goes. */
    private final AtomicInteger occupied = new AtomicInteger();
    private volatile Runnable onlineListener = () -> { };

    int online() {
        return online.get();
    }

    int occupiedRooms() {
        return occupied.get();
    }

    void onOnlineChanged(Runnable listener) {
        this.onlineListener = listener;
    }

    /** A member was added to {@code room}; holding the room's monitor. */
    void added(Room room) {
        if (room.size() == 1) {
            occupied.incrementAndGet();
        }
    }

    /** A member was removed from {@code room}; holding the room's monitor. */
    void removed(Room room) {
        if (room.size() == 0) {
            occupied.decrementAndGet();
        }
    }

    /** A member joined: one more online, and the listener is told. */
    void cameOnline() {
        online.incrementAndGet();
        onlineListener.run();
    }

    /** A member left: one fewer online, and the listener is told. */
    void wentOffline() {
        online.decrementAndGet();
        onlineListener.run();
    }

    /** A member's old connection was replaced by a new one, which comes online when it joins: one fewer for now. */
    void replaced() {
        online.decrementAndGet();
    }
}
