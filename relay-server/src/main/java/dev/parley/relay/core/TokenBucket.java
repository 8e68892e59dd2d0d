package dev.parley.relay.core;

import java.time.Clock;

/** A token bucket: {@code capacity} tokens, refilled at {@code perSecond}. Thread-safe. */
final class TokenBucket {
    private final Clock clock;
    private final double capacity;
    private final double perMilli;
    private double tokens;
    private long last;

    TokenBucket(Clock clock, double perSecond, double capacity) {
        this.clock = clock;
        this.capacity = capacity;
        this.perMilli = perSecond / 1000.0;
        this.tokens = capacity;
        this.last = clock.millis();
    }

    /** Takes {@code n} tokens if there are that many. */
    synchronized boolean tryTake(double n) {
        long now = clock.millis();
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * perMilli);
            last = now;
        }
        if (tokens >= n) {
            tokens -= n;
            return true;
        }
        return false;
    }
}
