package dev.parley.client.chat;

import dev.parley.protocol.ServerMessage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** Scrollback: whether a page of older messages is on its way, and whether the relay has any left. FX thread only. */
final class Paging {
    private final BooleanProperty loading = new SimpleBooleanProperty();
    private final BooleanProperty exhausted = new SimpleBooleanProperty();

    BooleanProperty loadingProperty() {
        return loading;
    }

    BooleanProperty exhaustedProperty() {
        return exhausted;
    }

    /** Joined a room whose newest message is {@code lastSeq}: an empty room has nothing to page back to. */
    void joined(long lastSeq) {
        if (lastSeq == 0) {
            exhausted.set(true);
        }
    }

    void requested() {
        loading.set(true);
    }

    /** A page ended; {@code oldestSeq}: the oldest message held now. */
    void ended(ServerMessage.HistoryEnd end, long oldestSeq) {
        loading.set(false);
        if (end.count() == 0 || oldestSeq <= 1) {
            exhausted.set(true);
        }
    }

    /** The connection left the room: no answer is coming to a request on it. */
    void disconnected() {
        loading.set(false);
    }
}
