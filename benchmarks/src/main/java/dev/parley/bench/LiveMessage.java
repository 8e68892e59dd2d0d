package dev.parley.bench;

import dev.parley.protocol.Wav;
import org.HdrHistogram.Histogram;

import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One message a {@link LiveLoad}'s speaker streamed: its PCM (for the Parley relay), when each chunk was sent, and what
 * its receivers found.
 */
final class LiveMessage {
    final String id;
    /** The PCM of every chunk in a row; null for a server that stores nothing (its load keeps its own bytes). */
    final byte[] pcm;
    final int chunks;
    final int chunkMs;
    final int chunkBytes;
    final boolean measured;
    final AtomicLongArray sentNanos;
    /** The stored copies expected: each listener's and the speaker's echo, or 0 for a server that stores nothing. */
    final int storedCopies;
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

    private LiveMessage(String id, int chunks, int chunkMs, int chunkBytes, boolean measured, byte[] pcm,
                        int storedCopies) {
        this.id = id;
        this.chunks = chunks;
        this.chunkMs = chunkMs;
        this.chunkBytes = chunkBytes;
        this.measured = measured;
        this.pcm = pcm;
        this.sentNanos = new AtomicLongArray(chunks);
        this.storedCopies = storedCopies;
        this.stored = new CountDownLatch(storedCopies);
    }

    /** A message to the Parley relay: PCM noise from {@code seed}, a stored copy expected from each receiver. */
    static LiveMessage stored(String id, int chunks, int chunkMs, int chunkBytes, boolean measured, long seed,
                              int receivers) {
        byte[] pcm = new byte[chunks * chunkBytes];
        new Random(seed).nextBytes(pcm);
        return new LiveMessage(id, chunks, chunkMs, chunkBytes, measured, pcm, receivers);
    }

    /** A message to a server that stores nothing (a reference server): its load sends and checks its own bytes. */
    static LiveMessage unstored(String id, int chunks, int chunkMs, int chunkBytes, boolean measured) {
        return new LiveMessage(id, chunks, chunkMs, chunkBytes, measured, null, 0);
    }

    /** The audio's length: for the relay's PCM, what its stored WAV's {@code durationMs} should be. */
    long durationMs() {
        return pcm == null ? (long) chunks * chunkMs : Wav.durationMillis(pcm.length / 2, Live.SAMPLE_RATE);
    }
}
