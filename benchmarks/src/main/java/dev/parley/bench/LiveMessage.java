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
    /** The PCM of every chunk in a row; null for murmur (its load keeps its own bytes). */
    final byte[] pcm;
    final int chunks;
    final int chunkMs;
    final int chunkBytes;
    final boolean measured;
    final AtomicLongArray sentNanos;
    /** The stored copies expected: each listener's and the speaker's echo, or 0 for a server that stores nothing. */
    final int storedCopies;
    /**
     * Counts down to the message's end: each stored copy (the relay), or each listener's last chunk (a server that
     * forwards {@link Live}'s chunks and stores nothing).
     */
    final CountDownLatch ended;
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
    /** Chunk copies that arrived at any listener, good or not; guarded by this message's monitor. */
    private long arrivals;
    /** Pacing: how late each chunk left after its due time (µs); written by the streaming thread only. */
    final Histogram sendLag = Latencies.histogram();

    private LiveMessage(String id, int chunks, int chunkMs, int chunkBytes, boolean measured, byte[] pcm,
                        int storedCopies, int endings) {
        this.id = id;
        this.chunks = chunks;
        this.chunkMs = chunkMs;
        this.chunkBytes = chunkBytes;
        this.measured = measured;
        this.pcm = pcm;
        this.sentNanos = new AtomicLongArray(chunks);
        this.storedCopies = storedCopies;
        this.ended = new CountDownLatch(endings);
    }

    /** A message to the Parley relay: PCM noise from {@code seed}, a stored copy expected from each receiver. */
    static LiveMessage stored(String id, int chunks, int chunkMs, int chunkBytes, boolean measured, long seed,
                              int receivers) {
        return new LiveMessage(id, chunks, chunkMs, chunkBytes, measured, noise(chunks * chunkBytes, seed), receivers,
                receivers);
    }

    /**
     * A message to a server that forwards the same frames but stores nothing (the bare Netty server): PCM noise from
     * {@code seed}, ended when each of {@code listeners} has its last chunk.
     */
    static LiveMessage forwarded(String id, int chunks, int chunkMs, int chunkBytes, boolean measured, long seed,
                                 int listeners) {
        return new LiveMessage(id, chunks, chunkMs, chunkBytes, measured, noise(chunks * chunkBytes, seed), 0,
                listeners);
    }

    /** A message to a server that stores nothing (a reference server): its load sends and checks its own bytes. */
    static LiveMessage unstored(String id, int chunks, int chunkMs, int chunkBytes, boolean measured) {
        return new LiveMessage(id, chunks, chunkMs, chunkBytes, measured, null, 0, 0);
    }

    /** A listener got a chunk of this message (good or not). */
    synchronized void arrived() {
        arrivals++;
        notifyAll();
    }

    /** Waits until {@code copies} chunk copies have arrived; false if they had not after {@code timeoutMillis}. */
    synchronized boolean awaitArrivals(long copies, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        for (long left = timeoutMillis; arrivals < copies; left = (deadline - System.nanoTime()) / 1_000_000) {
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    private static byte[] noise(int bytes, long seed) {
        byte[] pcm = new byte[bytes];
        new Random(seed).nextBytes(pcm);
        return pcm;
    }

    /** The audio's length: for PCM, what the relay's stored WAV's {@code durationMs} should be. */
    long durationMs() {
        return pcm == null ? (long) chunks * chunkMs : Wav.durationMillis(pcm.length / 2, Live.SAMPLE_RATE);
    }
}
