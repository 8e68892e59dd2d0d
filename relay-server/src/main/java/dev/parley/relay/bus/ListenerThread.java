package dev.parley.relay.bus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The one thread on which a bus calls its {@link ClusterBus.Listener}: events and the down/up signals in the order they
 * were handed over. At most {@code capacity} events wait; {@link #event} then waits for room (the transport's own
 * buffers take the back-pressure), while signals never wait. A listener that throws is logged and called again for
 * the next item.
 */
public final class ListenerThread implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ListenerThread.class);
    private static final long JOIN_MILLIS = 2000;

    private record Event(String from, byte[] bytes) {
    }

    private enum Signal { DOWN, UP }

    private final ClusterBus.Listener listener;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Semaphore room;
    private final Thread thread;
    private volatile boolean closed;

    public ListenerThread(String name, ClusterBus.Listener listener, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.listener = listener;
        this.room = new Semaphore(capacity);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands over an event, waiting while {@code capacity} events wait already; returns false (and drops it) when
     * closed or interrupted.
     */
    public boolean event(String fromRelay, byte[] bytes) {
        if (closed) {
            return false;
        }
        try {
            room.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (closed) {
            return false;
        }
        queue.add(new Event(fromRelay, bytes));
        return true;
    }

    /** Hands over an event unless {@code capacity} events wait already; never waits. */
    public boolean offerEvent(String fromRelay, byte[] bytes) {
        if (closed || !room.tryAcquire()) {
            return false;
        }
        queue.add(new Event(fromRelay, bytes));
        return true;
    }

    public void down() {
        queue.add(Signal.DOWN);
    }

    public void up() {
        queue.add(Signal.UP);
    }

    private void run() {
        while (!closed) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                continue; // closed, or someone else's interrupt: the loop condition decides
            }
            if (closed) {
                return;
            }
            try {
                if (item instanceof Event e) {
                    room.release();
                    listener.received(e.from(), e.bytes());
                } else if (item == Signal.DOWN) {
                    listener.down();
                } else {
                    listener.up();
                }
            } catch (RuntimeException e) {
                log.warn("the cluster bus's listener failed on {}", item instanceof Event ? "an event" : item, e);
            }
        }
    }

    /** Stops the thread: nothing more is delivered; waits (up to 2 s) for a call in progress unless called from it. */
    @Override
    public void close() {
        closed = true;
        room.release(Integer.MAX_VALUE / 2); // whoever waits for room wakes up and sees closed
        thread.interrupt();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        queue.clear();
    }

    /** Whether the thread has ended (after {@link #close()}). */
    public boolean stopped() {
        return !thread.isAlive();
    }

    /** Calls waiting, events and signals. */
    public int waiting() {
        return queue.size();
    }
}
