package dev.parley.relay.tls;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap buffers shared by the relay's TLS channels, so that an idle connection holds none (about 50 KiB less
 * each). Keeps at most {@code maxPerSize} free buffers of each capacity; beyond that they are left to the GC.
 */
final class BufferPool {
    private final int maxPerSize;
    private final Map<Integer, Free> free = new ConcurrentHashMap<>();

    BufferPool(int maxPerSize) {
        this.maxPerSize = maxPerSize;
    }

    /** A cleared buffer of exactly {@code capacity} bytes. */
    ByteBuffer take(int capacity) {
        Free f = free.get(capacity);
        ByteBuffer b = f == null ? null : f.buffers.poll();
        if (b == null) {
            return ByteBuffer.allocate(capacity);
        }
        f.count.decrementAndGet();
        b.clear();
        return b;
    }

    /** Gives a buffer back; the caller must not touch it afterwards. */
    void give(ByteBuffer buffer) {
        Free f = free.computeIfAbsent(buffer.capacity(), c -> new Free());
        if (f.count.incrementAndGet() <= maxPerSize) {
            f.buffers.offer(buffer);
        } else {
            f.count.decrementAndGet();
        }
    }

    private static final class Free {
        final Queue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
    }
}
