package dev.parley.bench;

import dev.parley.protocol.Wav;
import org.HdrHistogram.Histogram;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** One message a {@link Live} speaker streamed: its PCM, when each chunk was sent, and what its receivers found. */
final class LiveMessage {
    final String id;
    final byte[] pcm;
    final int chunks;
    final int chunkBytes;
    final boolean measured;
    final AtomicLongArray sentNanos;
    final CountDownLatch stored;
    /** Chunk copies that arrived in order with the bytes sent. */
    final AtomicInteger goodCopies = new AtomicInteger();
    final AtomicInteger orderErrors = new AtomicInteger();
    final AtomicInteger payloadErrors = new AtomicInteger();
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger aborts = new AtomicInteger();
    /** Stored copies (listeners and the speaker's echo) with the right durationMs and PCM. */
    final AtomicInteger storedGood = new AtomicInteger();
    final AtomicInteger storedBad = new AtomicInteger();
    /** The speaker's echo's PCM equals the concatenated chunks (1) or not (0), -1 before it came. */
    volatile int echoPcmEqual = -1;
    volatile long startNanos;
    volatile long endNanos;
    volatile long echoNanos;
    /** Pacing: how late each chunk left after its due time (µs); written by the streaming thread only. */
    final Histogram sendLag = Latencies.histogram();

    LiveMessage(String id, int chunks, int chunkBytes, boolean measured, long seed, int receivers) {
        this.id = id;
        this.chunks = chunks;
        this.chunkBytes = chunkBytes;
        this.measured = measured;
        this.pcm = new byte[chunks * chunkBytes];
        new Random(seed).nextBytes(pcm);
        this.sentNanos = new AtomicLongArray(chunks);
        this.stored = new CountDownLatch(receivers);
    }

    long durationMs() {
        return Wav.durationMillis(pcm.length / 2, Live.SAMPLE_RATE);
    }
}
