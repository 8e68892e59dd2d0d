package dev.parley.relay.net;

import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Puts each new connection on the first event loop that holds fewer than {@code perLoop} connections, and on the least
 * loaded one once every loop holds that many: a relay of a few dozen people runs on one thread, a big one on all cores.
 *
 * <p>Why not Netty's round robin: a message to a room is handed to every event loop that holds one of its members,
 * and each such loop wakes up for it. Spread over two loops, one live voice stream to one listener woke two threads
 * per 20 ms chunk (the speaker's to read, the listener's to write) where one does both; measured on 2 cores, the
 * relay's CPU for that stream fell from 16–28 to 12 ms per second with one loop. Past {@code perLoop} connections on
 * every loop, the work per message outweighs a wake-up and spreading it over the cores wins again.
 *
 * <p>Netty 4.2's loops do not count their channels ({@code registeredChannels()} answers -1), so the relay counts
 * them: {@link #opened} when a connection is set up, until it closes. A burst of connections accepted before any is
 * set up may put a few more on a loop than {@code perLoop}, which is harmless.
 */
final class PackingChooser implements EventExecutorChooserFactory {
    /** Connections (WebSocket members and web page requests) a loop takes before the next one is used. */
    static final int CONNECTIONS_PER_LOOP = 64;

    private final int perLoop;
    private volatile EventExecutor[] loops = new EventExecutor[0];
    private volatile AtomicIntegerArray counts = new AtomicIntegerArray(0);

    PackingChooser(int perLoop) {
        this.perLoop = perLoop;
    }

    @Override
    public EventExecutorChooser newChooser(EventExecutor[] executors) {
        loops = executors.clone();
        counts = new AtomicIntegerArray(executors.length);
        return this::next;
    }

    /** Counts {@code channel} on its loop until it closes. Call once per connection, when it is set up. */
    void opened(Channel channel) {
        int i = indexOf(channel.eventLoop());
        if (i >= 0) {
            counts.incrementAndGet(i);
            channel.closeFuture().addListener(f -> counts.decrementAndGet(i));
        }
    }

    /** Connections counted on {@code loop} now. */
    int connections(EventExecutor loop) {
        int i = indexOf(loop);
        return i < 0 ? 0 : counts.get(i);
    }

    private EventExecutor next() {
        EventExecutor[] all = loops;
        int least = 0;
        for (int i = 0; i < all.length; i++) {
            int count = counts.get(i);
            if (count < perLoop) {
                return all[i];
            }
            if (count < counts.get(least)) {
                least = i;
            }
        }
        return all[least];
    }

    private int indexOf(EventExecutor loop) {
        EventExecutor[] all = loops;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == loop) {
                return i;
            }
        }
        return -1;
    }
}
