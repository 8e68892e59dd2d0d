package dev.parley.relay.net;

import dev.parley.relay.RelayEvents;
import io.netty.util.concurrent.EventExecutor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per event loop: members with frames waiting mark themselves here, and one task on the loop drains them all.
 * A message to a room of 50 is then one task per loop, not one per member, and each member's frames of the moment
 * go out with one flush. What the loop wrote is counted here too, and reported to the metrics once per turn.
 */
final class LoopWriter implements Runnable {
    private final EventExecutor loop;
    private final RelayEvents events;
    private final Queue<ChannelMember> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // event loop only: written since the last report
    private long frames;
    private long bytes;

    LoopWriter(EventExecutor loop, RelayEvents events) {
        this.loop = loop;
        this.events = events;
    }

    EventExecutor loop() {
        return loop;
    }

    RelayEvents events() {
        return events;
    }

    /** {@code member} has frames to write (called once until it is drained, from any thread). */
    void mark(ChannelMember member) {
        waiting.add(member);
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    /** A member wrote {@code n} frames of {@code payloadBytes} into its channel. Event loop only. */
    void wrote(int n, long payloadBytes) {
        frames += n;
        bytes += payloadBytes;
    }

    /** Tells the metrics what was written since the last report, if anything. Event loop only. */
    void report() {
        if (frames != 0) {
            events.delivered(frames, bytes);
            frames = 0;
            bytes = 0;
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        ChannelMember m;
        while ((m = waiting.poll()) != null) {
            m.drain();
        }
        report();
    }
}
