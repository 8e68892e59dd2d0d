package dev.parley.bench;

import org.HdrHistogram.Histogram;

/**
 * The live scenario's members joined to one server: one speaker and L listeners, ready to stream messages in real
 * time.
 */
interface LiveLoad extends AutoCloseable {
    int listenerCount();

    /** What one chunk is, e.g. "640 bytes of 16 kHz mono PCM16". */
    String chunkContent();

    /** The TLS protocol and cipher suite the server chose, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String tlsSession();

    /**
     * Streams one message of {@code seconds} in real time, chunk by chunk as each is due, and waits for what ends it
     * (the relay's stored copies). Chunk latencies of a {@code measured} message go to {@link #takeLatency()}.
     */
    LiveMessage stream(double seconds, boolean measured) throws InterruptedException;

    /** The chunk latencies (µs) of measured messages since the last call, over all listeners. */
    Histogram takeLatency();

    /** Frames that should not have come (chunks of an unknown stream, errors), over all members so far. */
    long anomalies();

    /** The last error or abort a member saw, or null. */
    String lastError();

    @Override
    void close();
}
