package dev.parley.relay.bus;

import java.util.Optional;

/** Carries a relay's room events to the other relays of its cluster. */
public interface ClusterBus extends AutoCloseable {
    String relayId();

    void start(Listener listener);

    boolean publish(byte[] event);

    Optional<String> problem();

    @Override
    void close();

    interface Listener {
        void received(String fromRelay, byte[] event);

        void down();

        void up();
    }
}
