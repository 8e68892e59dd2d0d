package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.List;

/**
 * One message on the timeline: a text bubble or a voice card. Identity ({@link #id}, sender, kind, content) is
 * fixed; {@code seq}, {@code ts} and the flags change (pending until the echo, refused, played, playing, progress,
 * who played it).
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
    private final ObjectProperty<ServerMessage.Error> failure = new SimpleObjectProperty<>();
    private final BooleanProperty played = new SimpleBooleanProperty();
    private final BooleanProperty playing = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final ObjectProperty<List<String>> players = new SimpleObjectProperty<>(List.of());
    private final LiveMessage live;

    private TimelineItem(Kind kind, long seq, String id, String from, boolean mine, long ts, String text, ClipData clip,
                         long durationMs, boolean pending, LiveMessage live) {
        this.live = live;
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
        return new TimelineItem(Kind.TEXT, seq, id, from, mine, ts, text, null, 0, pending, null);
    }

    public static TimelineItem voice(long seq, String id, String from, boolean mine, long ts, ClipData clip,
                                     long durationMs, boolean pending) {
        return new TimelineItem(Kind.VOICE, seq, id, from, mine, ts, null, clip, durationMs, pending, null);
    }

    /** A voice message someone is speaking now; its stored message takes its place when it ends. */
    public static TimelineItem live(LiveKey stream, long ts) {
        return new TimelineItem(Kind.VOICE, 0, stream.id(), stream.from(), false, ts, null, null, 0, false,
                new LiveMessage(stream));
    }

    /** A message as the relay stored it ({@code clip}: a voice message's clip), or {@code null} for another kind. */
    static TimelineItem stored(ServerMessage.Stored message, boolean mine, ClipData clip) {
        if (message instanceof ServerMessage.Chat c) {
            return text(c.seq(), c.id(), c.from(), mine, c.ts(), c.text(), false);
        }
        if (message instanceof ServerMessage.Voice v) {
            return voice(v.seq(), v.id(), v.from(), mine, v.ts(), clip, v.durationMs(), false);
        }
        return null;
    }

    /** The live state of a voice message being spoken, or {@code null} for a stored or own message. */
    public LiveMessage live() {
        return live;
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

    /** The clip of a voice message, else {@code null} (also for a {@linkplain #live() live} one). */
    public ClipData clip() {
        return clip;
    }

    /** A voice message's length; for a live one, its length so far. */
    public long durationMs() {
        return live != null ? live.millisProperty().get() : durationMs;
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

    /** The relay's refusal of this own message (it was not stored), or {@code null}. */
    public ObjectProperty<ServerMessage.Error> failureProperty() {
        return failure;
    }

    /**
     * Whether the relay refused this own message for a reason that sending it again might get past: not for its size
     * ({@code too_large}) or its audio ({@code bad_audio}), which would be refused again.
     */
    public boolean resendable() {
        ServerMessage.Error f = failure.get();
        return f != null && f.code() != ErrorCode.TOO_LARGE && f.code() != ErrorCode.BAD_AUDIO;
    }

    /** Whether it did not get through and its card waits for the person to dismiss it: refused, or a live one stopped. */
    public boolean undelivered() {
        return failure.get() != null || (live != null && live.stoppedProperty().get() != null);
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

    /**
     * Who played this voice message, by their played receipts (protocol 3), in the order the relay stored them:
     * others and, for someone else's message, maybe me. Empty until a receipt comes; an unmodifiable list.
     */
    public ObjectProperty<List<String>> playersProperty() {
        return players;
    }

    @Override
    public String toString() {
        return kind + "#" + seq.get() + "(" + id + " from " + from + ")";
    }
}
