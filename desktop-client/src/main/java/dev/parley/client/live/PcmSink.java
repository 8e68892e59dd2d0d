package dev.parley.client.live;

/** Where a {@link JitterBuffer} sends audio: a speaker line, or a recording in tests. Called on the pumping thread. */
public interface PcmSink {
    /** Plays {@code pcm} (whole frames of {@code format}) of {@code stream}, right after what it was given before. */
    void write(LiveKey stream, PcmFormat format, byte[] pcm);
}
