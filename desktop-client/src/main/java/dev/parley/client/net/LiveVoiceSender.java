package dev.parley.client.net;

/**
 * Sending one's own recording live (protocol 2). Thread-safe: meant for the capture thread. Only one stream is open
 * at a time. Whatever happens to the stream (refused, connection dropped), {@link #endStream} delivers the whole
 * clip exactly once: the relay deduplicates by id.
 */
public interface LiveVoiceSender {
    /**
     * Sends {@code voice-start} if the connection is joined on protocol 2 and no other stream is open; returns whether
     * it did. {@code false}: record on and hand the clip to {@link #endStream} (it then goes whole, as in version 1).
     */
    boolean startStream(String id, int sampleRate, int channels);

    /**
     * Sends chunk {@code n} (raw PCM, a whole number of sample frames) of the open stream {@code id}; returns
     * {@code false} when the stream is no longer open on the connection (the connection dropped, or the relay ended
     * it with an error): send no more chunks for it.
     */
    boolean sendChunk(String id, long n, byte[] pcm);

    /**
     * The recording is over; {@code wav} is all of it. If the stream is still open on the current connection this
     * sends {@code voice-end} (the relay stores the chunks); otherwise the clip goes whole, now if joined. Either way
     * the clip stays in the outbox until the relay's echo and is sent whole, with the same id, after a reconnect.
     */
    void endStream(String id, byte[] wav);

    /** Drops the stream: {@code voice-cancel} if it is open; nothing is stored. */
    void cancelStream(String id);
}
