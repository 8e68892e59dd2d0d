package dev.parley.relay.net;

import io.netty.util.concurrent.EventExecutor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per event loop: members with frames waiting mark themselves here, and one task on the loop drains them all.
 * A message to a room of 50 is then one task per loop, not one per member, and each member's frames of the moment
 * go out with one flush.
 */
final class LoopWriter implements Runnable {
    private final EventExecutor loop;
    private final Queue<ChannelMember> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopWriter(EventExecutor loop) {
        this.loop = loop;
    }

    EventExecutor loop() {
        return loop;
    }

    /** {@code member} has frames to write (called once until it is drained, from any thread). */
    void mark(ChannelMember member) {
        waiting.add(member);
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this);
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        ChannelMember m;
        while ((m = waiting.poll()) != null) {
            m.drain();
        }
    }
}
