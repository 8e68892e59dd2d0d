package dev.parley.client.chat;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps the timeline in order: stored messages by {@code seq}, then, after all of them, own messages not yet stored
 * and live cards in the order they came. FX thread only.
 */
final class Timeline {
    private final ObservableList<TimelineItem> items = FXCollections.observableArrayList();
    private final Map<Long, TimelineItem> bySeq = new HashMap<>();

    ObservableList<TimelineItem> items() {
        return items;
    }

    /** The stored message with {@code seq}, if it is on the timeline, else {@code null}. */
    TimelineItem stored(long seq) {
        return bySeq.get(seq);
    }

    /** Places a stored message by its {@code seq}, before every message that has none yet. */
    void place(TimelineItem item) {
        long seq = item.seq();
        bySeq.put(seq, item);
        int i = items.size();
        while (i > 0 && (items.get(i - 1).seq() == 0 || items.get(i - 1).seq() > seq)) {
            i--;
        }
        items.add(i, item);
    }

    /** Adds a message that has no {@code seq} yet at the end. */
    void append(TimelineItem item) {
        items.add(item);
    }

    void remove(TimelineItem item) {
        items.remove(item);
        if (item.seq() > 0) {
            bySeq.remove(item.seq(), item);
        }
    }

    /** The lowest {@code seq} on the timeline, or 0 when none (stored messages come first, the lowest at the top). */
    long oldestSeq() {
        return items.isEmpty() ? 0 : items.get(0).seq();
    }
}
