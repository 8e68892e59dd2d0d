package dev.parley.client.net;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: 0.5 s doubling to 10 s (a LAN relay is back within seconds), each with ±20 % jitter so clients
 * do not return in lockstep. The delay for an attempt is a pure function ({@link #delayMillis}); an instance only
 * draws the jitter.
 */
public final class Backoff {
    static final long FIRST_MILLIS = 500;
    static final long MAX_MILLIS = 10_000;
    private static final double JITTER = 0.2;

    private final RandomGenerator random;

    public Backoff(RandomGenerator random) {
        this.random = random;
    }

    /** A jitter draw for {@link #delayMillis}: uniform in [0, 1). */
    public double jitter() {
        return random.nextDouble();
    }

    /**
     * The delay before reconnect attempt {@code attempt} (0 for the first after a join).
     *
     * @param jitter in [0, 1): 0 is 20 % shorter than the base delay, 0.5 exactly it, towards 1 20 % longer
     */
    public static long delayMillis(int attempt, double jitter) {
        long base = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(Math.max(attempt, 0), 16));
        double factor = 1 - JITTER + jitter * 2 * JITTER;
        return Math.min(MAX_MILLIS, Math.round(base * factor));
    }
}
