package dev.parley.client.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;

import java.util.HashMap;
import java.util.Map;

/**
 * Matches own messages the relay has not stored yet to its answer by id: the echo makes one a stored message, a
 * refusal marks it failed. FX thread only.
 *
 * <p>A refused message is kept here until it is dismissed: its echo may still come (sent again by hand, or by the
 * connection after an answer that was about a live stream and not about the message), and then takes its place.
 */
final class PendingMessages {
    private final Timeline timeline;
    private final Map<String, TimelineItem> byId = new HashMap<>();

    PendingMessages(Timeline timeline) {
        this.timeline = timeline;
    }

    /** An own message that was just sent goes at the end of the timeline, pending until its echo. */
    void add(TimelineItem item) {
        byId.put(item.id(), item);
        timeline.append(item);
    }

    /**
     * The echo of an own message: takes the message it acknowledges off the end of the timeline and returns it,
     * stored now ({@code seq}, the relay's {@code ts}, neither pending nor failed), for its place by {@code seq};
     * {@code null} if none was waiting (sent from another window, or before a restart).
     */
    TimelineItem echoed(ServerMessage.Stored echo) {
        TimelineItem item = byId.remove(echo.id());
        if (item == null) {
            return null;
        }
        timeline.remove(item);
        item.seqProperty().set(echo.seq());
        item.tsProperty().set(echo.ts());
        item.pendingProperty().set(false);
        item.failureProperty().set(null);
        return item;
    }

    /**
     * An error about one of them marks it failed, except {@code rate_limited}: the connection sends it again. Returns
     * whether it marked one (its card then says why).
     */
    boolean refused(ServerMessage.Error error) {
        TimelineItem item = error.ref() == null ? null : byId.get(error.ref());
        if (item == null || error.code() == ErrorCode.RATE_LIMITED) {
            return false;
        }
        item.pendingProperty().set(false);
        item.failureProperty().set(error);
        return true;
    }

    /** A refused message is sent again under the same id: pending once more. */
    boolean resending(TimelineItem item) {
        if (byId.get(item.id()) != item || !item.resendable()) {
            return false;
        }
        item.failureProperty().set(null);
        item.pendingProperty().set(true);
        return true;
    }

    /** A refused message goes, by the person's choice. */
    boolean dismiss(TimelineItem item) {
        if (item.failureProperty().get() == null || !byId.remove(item.id(), item)) {
            return false;
        }
        timeline.remove(item);
        return true;
    }
}
