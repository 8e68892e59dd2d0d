package dev.parley.client.testing;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RelayDiscovery} the test drives: what it "finds" is told by the test, from whatever thread the test
 * likes (as JmDNS would, from its own). Events told before {@link #start} are delivered when it starts.
 */
public final class FakeDiscovery implements RelayDiscovery {
    private final List<Runnable> early = new ArrayList<>();
    private Listener listener;
    private boolean closed;

    @Override
    public synchronized void start(Listener listener) {
        this.listener = listener;
        early.forEach(Runnable::run);
        early.clear();
    }

    public void found(FoundRelay relay) {
        tell(() -> listener.found(relay));
    }

    public void lost(String id) {
        tell(() -> listener.lost(id));
    }

    public void unavailable(Unavailable why) {
        tell(() -> listener.unavailable(why));
    }

    private synchronized void tell(Runnable event) {
        if (closed) {
            return;
        }
        if (listener == null) {
            early.add(event);
        } else {
            event.run();
        }
    }

    public synchronized boolean started() {
        return listener != null;
    }

    public synchronized boolean closed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
