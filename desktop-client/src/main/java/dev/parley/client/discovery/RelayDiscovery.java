package dev.parley.client.discovery;

/**
 * Finds Parley relays on the local network as they come and go. Events arrive on the discovery's own threads,
 * never the FX thread: whoever shows them hands them over through the UI-thread door.
 */
public interface RelayDiscovery extends AutoCloseable {

    /** What a discovery tells. Called from any thread, for one discovery in the order things happened. */
    interface Listener {
        /** A relay appeared, or what it announces changed (same {@link FoundRelay#id()}). */
        void found(FoundRelay relay);

        /** The relay with this id left (it said goodbye, or its announcement expired). */
        void lost(String id);

        /** Nothing can be found from here; manual addresses still work. */
        void unavailable(Unavailable why);
    }

    /** Why no relay can be found. */
    enum Unavailable {
        /** Turned off ({@code --no-discovery}). */
        OFF,
        /** This computer has no LAN interface to look on. */
        NO_NETWORK,
        /** Looking failed (multicast blocked or not supported). */
        FAILED
    }

    /** Starts looking; returns at once. Call once. */
    void start(Listener listener);

    /** Stops looking; returns at once, sockets close in the background. No event follows. Idempotent. */
    @Override
    void close();

    /** A discovery that finds nothing because it is turned off. */
    static RelayDiscovery off() {
        return new RelayDiscovery() {
            @Override
            public void start(Listener listener) {
                listener.unavailable(Unavailable.OFF);
            }

            @Override
            public void close() {
                // nothing was opened
            }
        };
    }
}
