package dev.parley.client.chat;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One message on the timeline: a text bubble or a voice card. Identity ({@link #id}, sender, kind, content) is
 * fixed; {@code seq}, {@code ts} and the flags change (pending until the echo, played, playing, progress).
 * Touched only on the FX thread.
 */
public final class TimelineItem {
    /** Text or voice. */
    public enum Kind { TEXT, VOICE }

    private final Kind kind;
    private final String id;
    private final String from;
    private final boolean mine;
    private final String text;
    private final ClipData clip;
    private final long durationMs;
    private final LongProperty seq = new SimpleLongProperty();
    private final LongProperty ts = new SimpleLongProperty();
    private final BooleanProperty pending = new SimpleBooleanProperty();
    private final StringProperty failure = new SimpleStringProperty();
    private final BooleanProperty played = new SimpleBooleanProperty();
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();

    private TimelineItem(Kind kind, long seq, String id, String from, boolean mine, long ts, String text, ClipData clip,
                         long durationMs, boolean pending) {
        this.kind = kind;
        this.id = id;
        this.from = from;
        this.mine = mine;
        this.text = text;
        this.clip = clip;
        this.durationMs = durationMs;
        this.seq.set(seq);
        this.ts.set(ts);
        this.pending.set(pending);
        // own clips and replayed history do not need the unplayed dot
        this.played.set(kind != Kind.VOICE || mine);
    }

    public static TimelineItem text(long seq, String id, String from, boolean mine, long ts, String text, boolean pending) {
        return new TimelineItem(Kind.TEXT, seq, id, from, mine, ts, text, null, 0, pending);
    }

    public static TimelineItem voice(long seq, String id, String from, boolean mine, long ts, ClipData clip,
                                     long durationMs, boolean pending) {
        return new TimelineItem(Kind.VOICE, seq, id, from, mine, ts, null, clip, durationMs, pending);
    }

    public Kind kind() {
        return kind;
    }

    public String id() {
        return id;
    }

    public String from() {
        return from;
    }

    public boolean mine() {
        return mine;
    }

    /** The text of a text message, else {@code null}. */
    public String text() {
        return text;
    }

    /** The clip of a voice message, else {@code null}. */
    public ClipData clip() {
        return clip;
    }

    public long durationMs() {
        return durationMs;
    }

    /** The room's sequence number; 0 while pending. */
    public LongProperty seqProperty() {
        return seq;
    }

    public long seq() {
        return seq.get();
    }

    /** Server time (epoch ms) once stored; local time while pending. */
    public LongProperty tsProperty() {
        return ts;
    }

    /** Sent and not yet acknowledged by the relay's echo. */
    public BooleanProperty pendingProperty() {
        return pending;
    }

    /** Why the relay refused this message, or {@code null}. */
    public StringProperty failureProperty() {
        return failure;
    }

    /** A voice clip played at least once (or own). */
    public BooleanProperty playedProperty() {
        return played;
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    /** Playback progress, 0 to 1. */
    public DoubleProperty progressProperty() {
        return progress;
    }

    @Override
    public String toString() {
        return kind + "#" + seq.get() + "(" + id + " from " + from + ")";
    }
}
