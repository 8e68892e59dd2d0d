package dev.parley.relay.bus;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cluster inside one process, for the relay core's unit tests and a single-process demo: {@link #newBus()} gives
 * connected buses with the rules of the real one (each bus's events reach every other bus in publish order, own events
 * never come back, one listener thread per bus), and {@link #disconnect()}/{@link #reconnect()} play an outage: every
 * bus hears {@code down()}, drops what is published meanwhile (counted), then hears {@code up()}.
 */
public final class LocalBus {
    /** NATS's default {@code max_payload}: 1 MiB. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;
    private static final int LISTENER_CAPACITY = 65_536;
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int maxEventBytes;
    private final List<Bus> buses = new ArrayList<>();
    private boolean down;

    public LocalBus() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** A cluster whose buses refuse events over {@code maxEventBytes}, as NATS's {@code max_payload}. */
    public LocalBus(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    /** A new relay's bus on this cluster: it receives what others publish once started, until it is closed. */
    public synchronized ClusterBus newBus() {
        Bus bus = new Bus(randomId());
        buses.add(bus);
        return bus;
    }

    /** The cluster goes away: every started bus hears {@code down()}; publishing drops events until reconnected. */
    public synchronized void disconnect() {
        if (!down) {
            down = true;
            buses.forEach(b -> b.signal(true));
        }
    }

    /** The cluster is back: every started bus hears {@code up()}. */
    public synchronized void reconnect() {
        if (down) {
            down = false;
            buses.forEach(b -> b.signal(false));
        }
    }

    /** A random relay id: 10 characters of {@code [a-z0-9]}. */
    public static String randomId() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_CHARS[RANDOM.nextInt(ID_CHARS.length)];
        }
        return new String(id);
    }

    private synchronized boolean deliver(Bus from, byte[] event) {
        if (from.closed || from.listener == null || event.length > maxEventBytes) {
            return false;
        }
        if (down) {
            from.dropped.incrementAndGet();
            return true;
        }
        for (Bus to : buses) {
            if (to != from && to.listener != null && !to.closed && !to.listener.offerEvent(from.id, event)) {
                to.dropped.incrementAndGet(); // its listener is that far behind: a slow consumer, as NATS would say
            }
        }
        return true;
    }

    private synchronized void start(Bus bus, ClusterBus.Listener listener) {
        if (bus.closed || bus.listener != null) {
            throw new IllegalStateException("a bus starts once, before it is closed");
        }
        bus.listener = new ListenerThread("parley-bus-" + bus.id, listener, LISTENER_CAPACITY);
        if (down) {
            bus.listener.down();
        }
    }

    private synchronized Optional<String> problem(Bus bus) {
        if (bus.closed) {
            return Optional.of("the cluster bus is closed");
        }
        if (bus.listener == null) {
            return Optional.of("the cluster bus is not started");
        }
        return down ? Optional.of("the in-process cluster is disconnected") : Optional.empty();
    }

    private void close(Bus bus) {
        ListenerThread listener;
        synchronized (this) {
            if (bus.closed) {
                return;
            }
            bus.closed = true;
            buses.remove(bus);
            listener = bus.listener;
        }
        if (listener != null) {
            listener.close();
        }
    }

    private final class Bus implements ClusterBus {
        final String id;
        final AtomicLong dropped = new AtomicLong();
        ListenerThread listener;
        boolean closed;

        Bus(String id) {
            this.id = id;
        }

        void signal(boolean down) {
            if (listener != null && !closed) {
                if (down) {
                    listener.down();
                } else {
                    listener.up();
                }
            }
        }

        @Override
        public String relayId() {
            return id;
        }

        @Override
        public void start(Listener listener) {
            LocalBus.this.start(this, listener);
        }

        @Override
        public boolean publish(byte[] event) {
            return deliver(this, event);
        }

        @Override
        public Optional<String> problem() {
            return LocalBus.this.problem(this);
        }

        @Override
        public long droppedEvents() {
            return dropped.get();
        }

        @Override
        public void close() {
            LocalBus.this.close(this);
        }

        @Override
        public String toString() {
            return "in-process bus " + id;
        }
    }
}
