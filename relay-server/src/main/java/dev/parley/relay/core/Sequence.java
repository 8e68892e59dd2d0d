package dev.parley.relay.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Puts a room's numbered items back in order in a cluster (stored messages by seq, played receipts by id): each relay
 * numbers them in commit order, but they reach this relay over different paths. An item is handed on once every lower
 * number has been; one that comes early waits here; one that comes again is dropped. Not thread-safe: used holding the
 * room's monitor.
 */
final class Sequence {
    private final TreeMap<Long, SharedFrame> waiting = new TreeMap<>();

    /**
     * Offers item {@code n} when {@code last} is the newest handed on; returns the newest handed on after it (and
     * whatever was waiting for it) went to {@code deliver}.
     */
    long offer(long last, long n, SharedFrame frame, Consumer<SharedFrame> deliver) {
        if (n <= last) {
            return last;
        }
        if (n != last + 1) {
            waiting.putIfAbsent(n, frame);
            return last;
        }
        deliver.accept(frame);
        return drain(n, deliver);
    }

    /**
     * Gives up on the numbers up to {@code upTo} that never came (retention removed them before they could be read):
     * returns the newest handed on after what waited above them went to {@code deliver}.
     */
    long skipTo(long last, long upTo, Consumer<SharedFrame> deliver) {
        return drain(Math.max(last, upTo), deliver);
    }

    /** Whether an item waits for a lower one. */
    boolean waiting() {
        return !waiting.isEmpty();
    }

    /** The lowest number waiting, or 0 when none does. */
    long firstWaiting() {
        return waiting.isEmpty() ? 0 : waiting.firstKey();
    }

    private long drain(long last, Consumer<SharedFrame> deliver) {
        while (!waiting.isEmpty() && waiting.firstKey() <= last + 1) {
            Map.Entry<Long, SharedFrame> next = waiting.pollFirstEntry();
            if (next.getKey() == last + 1) {
                deliver.accept(next.getValue());
                last = next.getKey();
            }
        }
        return last;
    }
}
