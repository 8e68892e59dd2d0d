package dev.parley.relay.bus;

import java.util.Optional;

/**
 * Carries a relay's room events to the other relays of its cluster.
 * <p>
 * The bus carries facts, the database is the truth: an event may be lost (the connection dropped, a buffer was full),
 * and a relay that hears {@link Listener#down()} then {@link Listener#up()} catches up from the database. Events of one
 * relay reach each other relay in the order it published them; own events are never delivered back.
 */
public interface ClusterBus extends AutoCloseable {
    /** This relay's id, unique per process start (random, short: {@code [a-z0-9]}, 10 characters). */
    String relayId();

    /**
     * Begins delivering other relays' events to {@code listener}; once only. Returns after a first attempt to connect:
     * if it failed, {@link Listener#down()} is the listener's first call, and {@link Listener#up()} follows when the
     * bus connects.
     */
    void start(Listener listener);

    /**
     * Sends {@code event} to the other relays; never blocks. Returns false when it is too big for the bus (the caller
     * sends a reference instead), when the bus is not started or closed. While the bus is down, events are buffered
     * up to a bound and then dropped (counted in {@link #droppedEvents()}; the listener has heard {@code down()}).
     */
    boolean publish(byte[] event);

    /** Why the bus cannot carry events now (never with credentials); empty when connected. */
    Optional<String> problem();

    /** Whether the bus is connected now: {@link #problem()} is empty. */
    default boolean connected() {
        return problem().isEmpty();
    }

    /** Events lost so far by this bus, sent or received: buffers full while down or behind. */
    long droppedEvents();

    /** Disconnects and stops the listener's thread, promptly; no listener call starts after it returns. */
    @Override
    void close();

    /** What a bus tells its relay, always on one thread of the bus, one call at a time. */
    interface Listener {
        /** An event of another relay: one thread, arrival order; own events are never delivered back. */
        void received(String fromRelay, byte[] event);

        /** Connection lost: events may have been lost meanwhile (and publishing is buffered, then dropped). */
        void down();

        /** Connected again (not called for the first connect): catch up on what {@code down()} may have lost. */
        void up();
    }
}
