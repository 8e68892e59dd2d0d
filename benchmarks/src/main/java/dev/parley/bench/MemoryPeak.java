package dev.parley.bench;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest RSS (read from /proc every 50 ms) and the highest live heap (a full GC then the heap's use, by jcmd,
 * back to back) a relay child reaches between {@link #start} and {@link #close}.
 */
final class MemoryPeak implements AutoCloseable {
    private static final long RSS_PERIOD_MILLIS = 50;

    private final ChildServer relay;
    private final AtomicLong rss = new AtomicLong();
    private final AtomicLong heap = new AtomicLong();
    private final AtomicInteger heapSamples = new AtomicInteger();
    private final AtomicInteger rssSamples = new AtomicInteger();
    private volatile boolean running = true;
    private volatile String heapFailure;
    private final Thread rssThread;
    private final Thread heapThread;

    private MemoryPeak(ChildServer relay) {
        this.relay = relay;
        rssThread = new Thread(this::sampleRss, "peak-rss");
        heapThread = new Thread(this::sampleHeap, "peak-heap");
        rssThread.setDaemon(true);
        heapThread.setDaemon(true);
    }

    static MemoryPeak start(ChildServer relay) {
        MemoryPeak p = new MemoryPeak(relay);
        p.rssThread.start();
        p.heapThread.start();
        return p;
    }

    private void sampleRss() {
        while (running) {
            rss.accumulateAndGet(relay.rssBytes(), Math::max);
            rssSamples.incrementAndGet();
            try {
                Thread.sleep(RSS_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleHeap() {
        while (running) {
            try {
                heap.accumulateAndGet(relay.heapAfterGcBytes(), Math::max);
                heapSamples.incrementAndGet();
            } catch (IOException e) {
                heapFailure = e.getMessage();
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    long rssBytes() {
        return rss.get();
    }

    long heapBytes() {
        return heap.get();
    }

    /** "N RSS samples, M heap samples" (a jcmd round trip takes a few hundred ms), and a jcmd failure if any. */
    String samples() {
        return rssSamples.get() + " RSS samples, " + heapSamples.get() + " heap samples"
                + (heapFailure == null ? "" : " (jcmd failed: " + heapFailure + ")");
    }

    /** Stops sampling; waits for a jcmd under way (it would otherwise run against a relay that is stopping). */
    @Override
    public void close() throws InterruptedException {
        running = false;
        rssThread.join(5_000);
        heapThread.join(35_000);
    }
}
