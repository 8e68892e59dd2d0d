package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.protocol.AbortReason;

import java.util.HashMap;
import java.util.Map;

/**
 * Others' voice messages as they are spoken: one card per stream on the timeline, growing as audio comes, until
 * the stored message takes its place or an abort stops it. FX thread only.
 *
 * <p>A stopped card stays until its stored message comes (a resend under the same id) or the person dismisses it;
 * cancelled ones go at once. A card is "played" while its stream goes to the speaker, and stays so only if it was
 * heard to its end: its stored message is then not new.
 */
final class LiveCards {
    private final Timeline timeline;
    private final Map<LiveKey, TimelineItem> byKey = new HashMap<>();

    LiveCards(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Someone began speaking (or, on joining, was speaking); {@code heard}: it goes to the speaker. */
    void opened(LiveKey stream, boolean heard, long nowMillis) {
        if (byKey.containsKey(stream)) {
            return;
        }
        TimelineItem card = TimelineItem.live(stream, nowMillis);
        heard(card, heard);
        byKey.put(stream, card);
        timeline.append(card);
    }

    /** More of it came; a stopped card takes no more. */
    void audio(LiveKey stream, float peak, long millisSoFar) {
        TimelineItem card = byKey.get(stream);
        if (card != null && card.live().stoppedProperty().get() == null) {
            card.live().audio(peak, millisSoFar);
        }
    }

    /** It stopped without being stored: a cancelled one goes, any other says why until its resend or dismissal. */
    void aborted(LiveKey stream, AbortReason reason) {
        TimelineItem card = byKey.get(stream);
        if (card == null) {
            return;
        }
        if (reason == AbortReason.CANCELLED) {
            byKey.remove(stream);
            timeline.remove(card);
            return;
        }
        card.live().stoppedProperty().set(reason);
        notHeardToItsEnd(card);
    }

    /** It started or stopped going to the speaker. */
    void heard(LiveKey stream, boolean heard) {
        TimelineItem card = byKey.get(stream);
        if (card != null) {
            heard(card, heard);
        }
    }

    /** It stopped going to the speaker before its end, here (stopped by hand, another clip, a failed speaker). */
    void stoppedHere(LiveKey stream) {
        TimelineItem card = byKey.get(stream);
        if (card != null) {
            notHeardToItsEnd(card);
        }
    }

    /**
     * Its stored message came: the card leaves the timeline. Returns whether it was heard to its end here (then
     * the stored message is already played).
     */
    boolean ended(LiveKey stream) {
        TimelineItem card = byKey.remove(stream);
        if (card == null) {
            return false;
        }
        timeline.remove(card);
        return card.playedProperty().get() && card.live().stoppedProperty().get() == null;
    }

    /** A stopped card goes, by the person's choice. */
    boolean dismiss(TimelineItem card) {
        if (card.live() == null || card.live().stoppedProperty().get() == null
                || !byKey.remove(card.live().stream(), card)) {
            return false;
        }
        timeline.remove(card);
        return true;
    }

    TimelineItem card(LiveKey stream) {
        return byKey.get(stream);
    }

    private static void heard(TimelineItem card, boolean heard) {
        card.live().heardProperty().set(heard);
        card.playingProperty().set(heard);
        if (heard) {
            card.playedProperty().set(true);
        }
    }

    private static void notHeardToItsEnd(TimelineItem card) {
        heard(card, false);
        card.playedProperty().set(false);
    }
}
