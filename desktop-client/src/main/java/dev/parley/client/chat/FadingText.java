package dev.parley.client.chat;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A hint that goes away by itself: {@link #show} puts up a sentence, and the first {@link #tick} at least
 * {@code lifeMillis} later clears it, unless another sentence replaced it meanwhile (which then lives its own
 * time). FX thread only; the time comes from the caller's clock, so tests need no waiting.
 */
final class FadingText {
    private final long lifeMillis;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private long shownAt;

    FadingText(long lifeMillis) {
        this.lifeMillis = lifeMillis;
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    /** Shows {@code sentence} from {@code nowMillis}; empty or {@code null} clears at once. */
    void show(String sentence, long nowMillis) {
        text.set(sentence == null ? "" : sentence);
        shownAt = nowMillis;
    }

    /** Clears the sentence once it has been up for its time. */
    void tick(long nowMillis) {
        if (!text.get().isEmpty() && nowMillis - shownAt >= lifeMillis) {
            text.set("");
        }
    }
}
