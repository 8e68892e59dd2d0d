package dev.parley.client.audio;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the virtual speaker's {@code stop}, {@code drain}, {@code flush} and {@code close} hang until the test lets
 * them go, as a stuck sound driver does. Open unless a test {@linkplain #hang() closes} it;
 * {@link VirtualSpeaker#reset} opens it.
 */
final class SpeakerGate {
    /** How long a call waits at most, so that a test that forgets to let go still ends. */
    private static final long LONGEST_SECONDS = 60;
    private static volatile CountDownLatch closed;
    private static final AtomicInteger WAITING = new AtomicInteger();

    private SpeakerGate() {
    }

    /** From now on the speaker's stop, drain, flush and close hang. */
    static void hang() {
        closed = new CountDownLatch(1);
    }

    /** The calls hanging go on, and later ones do not hang. */
    static void letGo() {
        CountDownLatch gate = closed;
        closed = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** How many calls are hanging now. */
    static int waiting() {
        return WAITING.get();
    }

    /** Called by the speaker's lines at the start of each of those calls. */
    static void pass() {
        CountDownLatch gate = closed;
        if (gate == null) {
            return;
        }
        WAITING.incrementAndGet();
        try {
            gate.await(LONGEST_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WAITING.decrementAndGet();
        }
    }
}
