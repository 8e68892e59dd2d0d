package dev.parley.relay.server;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What one warm-up socket received, for the thread that drives the warm-up to wait for: each wait gives up after
 * ten seconds, or at once when the private relay closed the connection.
 */
final class WarmupInbox implements WarmupSocket.Inbox {
    private static final long ROUND_TIMEOUT_MILLIS = 10_000;

    private final ArrayDeque<String> texts = new ArrayDeque<>();
    private long binaries;
    private boolean over;

    @Override
    public synchronized void text(String json) {
        texts.add(json);
        notifyAll();
    }

    @Override
    public synchronized void binary() {
        binaries++;
        notifyAll();
    }

    @Override
    public synchronized void over() {
        over = true;
        notifyAll();
    }

    synchronized long binaries() {
        return binaries;
    }

    /** Waits for a text frame containing {@code part}, dropping the ones before it. */
    synchronized void await(String part) throws InterruptedException {
        long deadline = deadline();
        while (true) {
            String json;
            while ((json = texts.poll()) != null) {
                if (json.contains(part)) {
                    return;
                }
            }
            waitUntil(deadline, "no " + part);
        }
    }

    /** Waits until the connection is over (the relay answered the closing handshake). */
    synchronized void awaitOver() throws InterruptedException {
        long deadline = deadline();
        while (!over) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no answer to a close from the private relay within "
                        + ROUND_TIMEOUT_MILLIS + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits until {@code n} binary frames came in all. */
    synchronized void awaitBinary(long n) throws InterruptedException {
        long deadline = deadline();
        while (binaries < n) {
            waitUntil(deadline, binaries + " of " + n + " binary frames");
        }
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_TIMEOUT_MILLIS);
    }

    private void waitUntil(long deadline, String what) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (over || left <= 0) {
            throw new IllegalStateException(over ? "the private relay closed a connection"
                    : what + " from the private relay within " + ROUND_TIMEOUT_MILLIS + " ms");
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
    }
}
