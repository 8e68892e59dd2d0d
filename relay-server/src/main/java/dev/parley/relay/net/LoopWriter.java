package dev.parley.relay.net;

import dev.parley.relay.RelayEvents;
import io.netty.util.concurrent.EventExecutor;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One per event loop: members with frames waiting mark themselves here, and one task on the loop drains them all.
 * A message to a room of 50 is then one task per loop, not one per member, and each member's frames of the moment
 * go out with one flush. What a turn wrote is added up in local variables and reported to the metrics once per turn:
 * this object is read by every thread that sends, so the loop never writes a field of it (a counter here would cost
 * those threads a cache miss per send).
 */
final class LoopWriter implements Runnable {
    private final EventExecutor loop;
    private final RelayEvents events;
    private final Queue<ChannelMember> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

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

    /**
     * What one drain wrote, in one {@code long} (no object per drain): {@code frames} in the low 24 bits, payload
     * {@code bytes} above. A drain writes only while its channel is writable, so both stay far below those bounds
     * (a write buffer's worth plus one frame).
     */
    static long written(int frames, long bytes) {
        return bytes << 24 | frames;
    }

    static int frames(long written) {
        return (int) (written & 0xFFFFFF);
    }

    static long bytes(long written) {
        return written >>> 24;
    }

    /** Tells the metrics what a drain outside {@link #run} wrote. Event loop only. */
    void report(long written) {
        if (written != 0) {
            events.delivered(frames(written), bytes(written));
        }
    }

    @Override
    public void run() {
        scheduled.set(false);
        long frames = 0;
        long bytes = 0;
        ChannelMember m;
        while ((m = waiting.poll()) != null) {
            long written = m.drain();
            frames += frames(written);
            bytes += bytes(written);
        }
        if (frames != 0) {
            events.delivered(frames, bytes);
        }
    }
}
