package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.protocol.AbortReason;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.Arrays;

/**
 * A voice message as it is spoken: its length so far, its waveform growing (one peak per piece of audio), whether
 * it goes to the speaker, and why it stopped if it did. FX thread only.
 */
public final class LiveMessage {
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

LiveMessage(LiveKey stream) {
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
