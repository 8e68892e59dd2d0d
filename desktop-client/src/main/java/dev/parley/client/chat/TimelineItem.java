package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.protocol.AbortReason;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Arrays;

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
    private final Live live;

    private TimelineItem(Kind kind, long seq, String id, String from, boolean mine, long ts, String text, ClipData clip,
                         long durationMs, boolean pending) {
        this(kind, seq, id, from, mine, ts, text, clip, durationMs, pending, null);
    }

    private TimelineItem(Kind kind, long seq, String id, String from, boolean mine, long ts, String text, ClipData clip,
                         long durationMs, boolean pending, Live live) {
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
        return new TimelineItem(Kind.TEXT, seq, id, from, mine, ts, text, null, 0, pending);
    }

    public static TimelineItem voice(long seq, String id, String from, boolean mine, long ts, ClipData clip,
                                     long durationMs, boolean pending) {
        return new TimelineItem(Kind.VOICE, seq, id, from, mine, ts, null, clip, durationMs, pending);
    }

    /** A voice message someone is speaking now; its stored message takes its place when it ends. */
    public static TimelineItem live(LiveKey stream, long ts) {
        return new TimelineItem(Kind.VOICE, 0, stream.id(), stream.from(), false, ts, null, null, 0, false,
                new Live(stream));
    }

    /** The live state of a voice message being spoken, or {@code null} for a stored or own message. */
    public Live live() {
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
        return live != null ? live.millis.get() : durationMs;
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

    /**
     * A voice message as it is spoken: its length so far, its waveform growing (one peak per piece of audio), whether
     * it goes to the speaker, and why it stopped if it did. FX thread only.
     */
    public static final class Live {
        /** The waveform's bars stand for this much audio each until the message is longer than all of them. */
        static final long MILLIS_PER_BAR = 250;

        private final LiveKey stream;
        private float[] peaks = new float[64];
        private long[] ends = new long[64];
        private int count;
        private final LongProperty millis = new SimpleLongProperty();
        private final IntegerProperty changes = new SimpleIntegerProperty();
        private final BooleanProperty heard = new SimpleBooleanProperty();
        private final ObjectProperty<AbortReason> stopped = new SimpleObjectProperty<>();

        Live(LiveKey stream) {
            this.stream = stream;
        }

        public LiveKey stream() {
            return stream;
        }

        /** A piece of audio came: its loudest sample (0 to 1) and the length of the message with it. */
        public void audio(float peak, long millisSoFar) {
            if (count == peaks.length) {
                peaks = Arrays.copyOf(peaks, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            peaks[count] = peak;
            ends[count] = millisSoFar;
            count++;
            millis.set(millisSoFar);
            changes.set(changes.get() + 1);
        }

        /**
         * {@code bars} waveform bars: each {@value #MILLIS_PER_BAR} ms of audio while the message is shorter than all
         * of them (so the waveform fills from the left as it is spoken), then the whole length in equal parts.
         */
        public float[] bars(int bars) {
            float[] out = new float[bars];
            long length = millis.get();
            double per = Math.max(MILLIS_PER_BAR, length / (double) bars);
            long start = 0;
            for (int i = 0; i < count; i++) {
                int b = (int) Math.min(bars - 1, start / per);
                out[b] = Math.max(out[b], peaks[i]);
                start = ends[i];
            }
            return out;
        }

        /** The length so far. */
        public LongProperty millisProperty() {
            return millis;
        }

        /** Counts changes of the waveform, to redraw it. */
        public IntegerProperty changesProperty() {
            return changes;
        }

        /** Whether it is going to the speaker now. */
        public BooleanProperty heardProperty() {
            return heard;
        }

        /** Why it stopped without being stored, or {@code null} while it runs. */
        public ObjectProperty<AbortReason> stoppedProperty() {
            return stopped;
        }
    }
}
