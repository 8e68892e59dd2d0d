package dev.parley.client.chat;

import dev.parley.client.live.LiveSender;
import dev.parley.client.live.PcmFormat;
import dev.parley.client.net.LiveVoiceSender;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Push-to-talk as the button and the key see it: {@link #press()} starts recording (again while recording does
 * nothing, so a held key's auto-repeat is harmless), {@link #release()} sends the clip, {@link #cancel()} throws it
 * away; the capture stops itself at the relay's {@code maxClipMillis}.
 *
 * <p>States ({@link Phase}): idle, opening (the microphone being opened), recording, idle again; a release while
 * opening is kept (opening, released) and ends the recording once the microphone is open. Every change is a checked
 * {@link #transition}: one not allowed fails loudly. A released recording ({@link MicrophoneTake}, with its live
 * stream) spends its {@link ReleaseTail release tail} with the microphone still open (a new press ends the tail at
 * once), then {@link SendPolicy} sends it or says why not.
 *
 * <p>Threads: FX thread only; capture events come in through the {@link UiThread} door. Opening and stopping the
 * microphone, and making the WAV of a finished recording (up to ~10 MB), run on the {@code audio} thread, so the FX
 * thread never waits for a sound driver or a long copy: the button reacts at once.
 */
public final class PushToTalkViewModel {
    /** Shorter clips are taken for accidental taps. */
    public static final long MIN_CLIP_MILLIS = SendPolicy.MIN_CLIP_MILLIS;

    /** Runs a task after a delay (on any thread); the future cancels it. */
    @FunctionalInterface
    public interface Delay {
        Future<?> after(Duration delay, Runnable task);
    }

    /**
     * Where the view model's work runs: {@code ui} is the FX door, {@code audio} (one thread, in order) opens and
     * stops the microphone and makes finished clips, {@code delay} times the release tail.
     */
    public record Threads(UiThread ui, Executor audio, Delay delay) {
    }

    /** Where push-to-talk is. */
    public enum Phase { IDLE, OPENING, OPENING_RELEASED, RECORDING }

    private final VoiceIo io;
    private final LiveVoiceSender out;
    private final ChatModel model;
    private final TypingSender typing;
    private final UiThread ui;
    private final Tasks audio;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Supplier<Duration> releaseTail;
    private final Messages messages;
    private final Consumer<String> notice;
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper elapsedMillis = new ReadOnlyLongWrapper();
    private final DoubleProperty level = new SimpleDoubleProperty();
    private final BooleanProperty available = new SimpleBooleanProperty();
    private final ReleaseTail<MicrophoneTake> tail;
    private final Takes takes = new Takes();
    private final RecordingOutcomes outcomes;
    private Phase phase = Phase.IDLE;
    /** The recording while opening or recording, else {@code null}. */
    private MicrophoneTake take;

    /** @param releaseTail how long the microphone stays open after release (read at each press) */
    public PushToTalkViewModel(VoiceIo io, LiveVoiceSender out, ChatModel model, TypingSender typing, Threads threads,
                               Clock clock, Supplier<String> ids, Supplier<Duration> releaseTail, Messages messages,
                               Consumer<String> notice) {
        this.io = io;
        this.out = out;
        this.model = model;
        this.typing = typing;
        this.ui = threads.ui();
        this.audio = new Tasks(threads.audio(), threads.ui());
        this.clock = clock;
        this.ids = ids;
        this.releaseTail = releaseTail;
        this.messages = messages;
        this.notice = notice;
        this.outcomes = new RecordingOutcomes(model, typing, clock, messages, notice);
        this.tail = new ReleaseTail<>(threads.delay(), threads.ui(), clock, t -> t.stopAndSend(maxClipBytes()));
        refreshDevices();
    }

    public ReadOnlyBooleanProperty recordingProperty() {
        return recording.getReadOnlyProperty();
    }

    /** Time since recording started. */
    public ReadOnlyLongProperty elapsedMillisProperty() {
        return elapsedMillis.getReadOnlyProperty();
    }

    /** Live input level, 0 to 1. */
    public DoubleProperty levelProperty() {
        return level;
    }

    /** Whether there is a microphone; without one the button is disabled and says why. */
    public BooleanProperty availableProperty() {
        return available;
    }

    Phase phase() {
        return phase;
    }

    /** The message key for "no microphone": "you can still listen" only when there is a speaker to listen on. */
    public static String noMicrophoneKey(boolean speaker) {
        return speaker ? "ptt.noMicrophone" : "ptt.noMicrophone.noSpeaker";
    }

    /** Whether there is a speaker to play clips on. */
    public boolean hasSpeaker() {
        return io.hasOutput();
    }

    /** Looks for a microphone again (after a settings change). */
    public void refreshDevices() {
        available.set(io.hasInput());
    }

    public void press() {
        if (phase != Phase.IDLE) {
            return;
        }
        if (!io.hasInput()) {
            available.set(false);
            notice.accept(messages.get(noMicrophoneKey(io.hasOutput())));
            return;
        }
        tail.endNow();
        long maxMillis = model.limitsProperty().get().maxClipMillis();
        MicrophoneTake t = new MicrophoneTake(new LiveSender(out, ids.get(), PcmFormat.VOICE,
                ReleaseTail.length(releaseTail.get()), maxMillis, clock), clock.millis(), audio, ui, takes, outcomes);
        transition(Phase.OPENING, Phase.IDLE);
        take = t;
        elapsedMillis.set(0);
        recording.set(true);
        typing.recordingStarted(t.startedAt);
        notice.accept("");
        t.open(io, maxMillis);
    }

    public void release() {
        if (phase == Phase.OPENING) {
            transition(Phase.OPENING_RELEASED, Phase.OPENING);
        } else if (phase == Phase.RECORDING) {
            MicrophoneTake t = take;
            end(Phase.RECORDING);
            t.sending.release();
            if (!tail.start(t, t.sending.tailEndsAt())) {
                t.stopAndSend(maxClipBytes());
            }
        }
    }

    public void cancel() {
        if (phase == Phase.IDLE) {
            return;
        }
        MicrophoneTake t = take;
        end(Phase.OPENING, Phase.OPENING_RELEASED, Phase.RECORDING);
        t.cancel(); // still opening: its capture is cancelled as soon as it is there
        outcomes.cancelled(messages.get("ptt.cancelled"));
    }

    /** Leaving the room: a recording in progress is thrown away, one in its release tail is sent now. */
    public void close() {
        cancel();
        MicrophoneTake t = tail.take();
        if (t != null) {
            t.sendNow(maxClipBytes()); // while the connection is still open: the session closes it after this
        }
    }

    /** Updates the timer. */
    public void tick() {
        if (phase != Phase.IDLE) {
            elapsedMillis.set(clock.millis() - take.startedAt);
        }
    }

    private long maxClipBytes() {
        return model.limitsProperty().get().maxClipBytes();
    }

    /** Checked: from a phase not listed it fails loudly, since the phase would no longer say what the microphone does. */
    void transition(Phase to, Phase... from) {
        if (!Arrays.asList(from).contains(phase)) {
            throw new IllegalStateException("push-to-talk cannot go from " + phase + " to " + to);
        }
        phase = to;
    }

    /** The recording in hand is over for the button (sent, cancelled, failed, or gone into its tail). */
    private void end(Phase... from) {
        transition(Phase.IDLE, from);
        take = null;
        recording.set(false);
        level.set(0);
    }

    /** What the takes report, on the FX thread; only the take in hand changes the phase. */
    private final class Takes implements MicrophoneTake.Owner {
        @Override
        public void opened(MicrophoneTake t) {
            if (t != take) {
                t.cancel(); // cancelled while the microphone was opening
                return;
            }
            boolean released = phase == Phase.OPENING_RELEASED;
            transition(Phase.RECORDING, Phase.OPENING, Phase.OPENING_RELEASED);
            if (released) {
                release();
            }
        }

        @Override
        public void level(MicrophoneTake t, double peak) {
            if (t == take) {
                level.set(Math.max(0, Math.min(1, peak)));
                tick();
            }
        }

        @Override
        public void autoStopped(MicrophoneTake t) {
            if (t == take) {
                end(Phase.OPENING, Phase.OPENING_RELEASED, Phase.RECORDING);
                notice.accept(messages.get("ptt.autoStopped"));
                t.send(maxClipBytes());
            } // in its tail: the tail's end stops and sends it
        }

        @Override
        public void failed(MicrophoneTake t, String reason) {
            if (t == take) {
                end(Phase.OPENING, Phase.OPENING_RELEASED, Phase.RECORDING);
                t.cancel();
                outcomes.cancelled(reason);
            } // in its tail: what was captured is sent when the tail ends
        }
    }
}
