package dev.parley.client.net;

import java.util.random.RandomGenerator;

/** Reconnect delays: 0.5 s doubling to 10 s (a LAN relay is back within seconds), each with ±20 % jitter so clients do not return in lockstep. */
public final class Backoff {
    static final long FIRST_MILLIS = 500;
    static final long MAX_MILLIS = 10_000;
    private static final double JITTER = 0.2;

    private final RandomGenerator random;
    private int attempt;

    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the base, up to the maximum. */
    public synchronized long nextDelayMillis() {
        long base = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempt, 16));
        attempt++;
        double factor = 1 - JITTER + random.nextDouble() * 2 * JITTER;
        return Math.min(MAX_MILLIS, Math.round(base * factor));
    }

    /** Back to the first delay (after a successful join). */
    public synchronized void reset() {
        attempt = 0;
    }
}
