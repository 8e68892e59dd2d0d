package dev.parley.relay;

import java.time.Duration;

/**
 * How long each room keeps its messages: the oldest are dropped once any limit is passed.
 *
 * @param maxAge   messages older than this are dropped
 * @param maxCount a room keeps at most this many messages
 * @param maxBytes a room keeps at most this many bytes of text and clips
 */
public record Retention(Duration maxAge, long maxCount, long maxBytes) {
    /** 30 days, 100,000 messages, 2 GiB per room. */
    public static final Retention DEFAULTS = new Retention(Duration.ofDays(30), 100_000, 2L << 30);

    public Retention {
        if (maxAge.isNegative() || maxAge.isZero() || maxCount < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("retention limits must be positive");
        }
    }
}
