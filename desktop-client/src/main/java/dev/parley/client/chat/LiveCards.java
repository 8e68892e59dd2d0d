package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.protocol.AbortReason;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Others' voice messages as they are spoken: one card per stream on the timeline, growing as audio comes, until
 * the stored message takes its place or an abort stops it. FX thread only.
 *
 * <p>A stopped card stays until its stored message comes (a resend under the same id) or the person dismisses it;
 * cancelled ones go at once. A card is "played" while its stream goes to the speaker, and stays so only if it was
 * heard to its end: its stored message is then not new.
 *
 * <p>A stored message often comes while its stream still goes to the speaker (the last of it is in the jitter
 * buffer), or waits for it behind another: that stream is heard to its end only when it {@linkplain #playedOut plays
 * out}, so its stored message is kept here until then (the newest {@value #AWAITED} of them).
 */
final class LiveCards {
    /** How a stream was heard here when its stored message came. */
    enum Heard {
        /** Not a stream seen here, or it stopped before its end. */
        NOT,
        /** It went to the speaker to its end. */
        TO_ITS_END,
        /** It goes to the speaker now: played, as far as the "not played" dot goes, and its end is yet to come. */
        NOW,
        /** It waits for the speaker, or was not listened to yet: its end may still come. */
        NOT_YET;

        /** Whether its stored message counts as played (the dot): heard to its end, or being heard. */
        boolean played() {
            return this == TO_ITS_END || this == NOW;
        }
    }

    static final int AWAITED = 16;

    private final Timeline timeline;
    private final Map<LiveKey, TimelineItem> byKey = new HashMap<>();
    /** Stored messages whose streams had not played out when they came, oldest first. */
    private final Map<LiveKey, TimelineItem> awaited = new LinkedHashMap<>();

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

    /** It started or stopped going to the speaker (stopped: aborted, or {@linkplain #playedOut played out}). */
    void heard(LiveKey stream, boolean heard) {
        if (!heard) {
            awaited.remove(stream); // aborted: what was left of it was never heard
        }
        TimelineItem card = byKey.get(stream);
        if (card != null) {
            heard(card, heard);
        }
    }

    /** It stopped going to the speaker before its end, here (stopped by hand, another clip, a failed speaker). */
    void stoppedHere(LiveKey stream) {
        awaited.remove(stream);
        TimelineItem card = byKey.get(stream);
        if (card != null) {
            notHeardToItsEnd(card);
        }
    }

    /**
     * Its stored message came: the card leaves the timeline. Returns how it was heard here so far: a stream that goes
     * to the speaker now counts as heard for the "not played" dot, and with {@link #awaitEnd} also for a receipt once
     * it {@linkplain #playedOut plays out}.
     */
    Heard ended(LiveKey stream) {
        TimelineItem card = byKey.remove(stream);
        if (card == null) {
            return Heard.NOT;
        }
        timeline.remove(card);
        if (card.live().stoppedProperty().get() != null) {
            return Heard.NOT;
        }
        if (card.live().heardProperty().get()) {
            return Heard.NOW;
        }
        return card.playedProperty().get() ? Heard.TO_ITS_END : Heard.NOT_YET;
    }

    /** Keeps the stored message of a stream that has not played out yet ({@link Heard#NOW}, {@link Heard#NOT_YET}). */
    void awaitEnd(LiveKey stream, TimelineItem stored) {
        awaited.put(stream, stored);
        if (awaited.size() > AWAITED) {
            awaited.remove(awaited.keySet().iterator().next());
        }
    }

    /** The stream went to the speaker to its end: its stored message, if it came before, else {@code null}. */
    TimelineItem playedOut(LiveKey stream) {
        TimelineItem stored = awaited.remove(stream);
        heard(stream, false);
        return stored;
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
