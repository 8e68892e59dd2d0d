package dev.parley.relay;

/**
 * Per-connection rate limits, as token buckets: every frame after {@code hello} costs one message token;
 * a voice clip also costs its size in voice-byte tokens. A live chunk (protocol 2) costs its size in voice-byte
 * tokens and no message token. Over either, the relay answers {@code rate_limited}.
 *
 * @param messagesPerSecond   sustained frames per second
 * @param messageBurst        frames that may arrive at once
 * @param voiceBytesPerSecond sustained clip bytes per second
 * @param voiceBurstBytes     clip bytes that may arrive at once (at least one largest clip)
 */
public record RateLimits(double messagesPerSecond, int messageBurst, long voiceBytesPerSecond, long voiceBurstBytes) {
    /**
     * Generous for a LAN: 50 frames/s (bursts of 200), 8 MiB/s of clips (bursts of 32 MiB, two of the largest
     * clips). The burst is no larger than the slow-consumer bound ({@code RelayConfig.maxBufferedBytes}), so one
     * sender alone cannot push a client that is reading past it.
     */
    public static final RateLimits DEFAULTS = new RateLimits(50, 200, 8L << 20, 32L << 20);
    /** No limits (for benchmarks and tests). */
    public static final RateLimits UNLIMITED = new RateLimits(Double.POSITIVE_INFINITY, Integer.MAX_VALUE,
            Long.MAX_VALUE, Long.MAX_VALUE);

    public RateLimits {
        if (!(messagesPerSecond > 0) || messageBurst < 1 || voiceBytesPerSecond < 1 || voiceBurstBytes < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }

    /** Whether these limits never refuse anything. */
    public boolean unlimited() {
        return Double.isInfinite(messagesPerSecond);
    }
}
