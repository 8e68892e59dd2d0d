package dev.parley.client.chat;

import dev.parley.client.live.LiveSender;
import dev.parley.client.live.PcmFormat;
import dev.parley.client.net.LiveVoiceSender;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
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
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Push-to-talk: {@link #press()} starts recording (again while recording does nothing, so a held key's
 * auto-repeat is harmless), {@link #release()} sends the clip, {@link #cancel()} throws it away. Taps under
 * {@link #MIN_CLIP_MILLIS} are discarded with a hint; the capture stops itself at the relay's {@code maxClipMillis}.
 *
 * <p>Live: each recording is a {@link LiveSender}. Its stream opens (when the relay speaks protocol 2) just before
 * the microphone does, the audio goes out in 20 ms chunks as it is captured (straight from the capture thread), and
 * at the end the whole clip is handed over under the same id: {@code voice-end} when the stream is still open, the
 * whole WAV otherwise, exactly once either way. After release the microphone stays open for the release tail (a
 * setting, 0 to 1 s) so the last word is not clipped; pressing again during the tail ends it at once.
 *
 * <p>Threads: FX thread only; capture events come in through the {@link UiThread} door. Opening and stopping the
 * microphone happen on the {@code audio} executor, so the FX thread never waits for a sound driver: the button reacts
 * at once, and a release that comes before the microphone has opened ends the recording as soon as it has.
 */
public final class PushToTalkViewModel {
    /** Shorter clips are taken for accidental taps. */
    public static final long MIN_CLIP_MILLIS = 300;

    /** Runs a task after a delay (on any thread); the future cancels it. */
    @FunctionalInterface
    public interface Delay {
        Future<?> after(Duration delay, Runnable task);
    }

    /**
     * Where the view model's work runs: {@code ui} is the FX door, {@code audio} opens and stops the microphone,
     * {@code delay} times the release tail.
     */
    public record Threads(UiThread ui, Executor audio, Delay delay) {
    }

    private final VoiceIo io;
    private final LiveVoiceSender out;
    private final ChatModel model;
    private final TypingSender typing;
    private final UiThread ui;
    private final Executor audio;
    private final Delay delay;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Supplier<Duration> releaseTail;
    private final Messages messages;
    private final Consumer<String> notice;
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper elapsedMillis = new ReadOnlyLongWrapper();
    private final DoubleProperty level = new SimpleDoubleProperty();
    private final BooleanProperty available = new SimpleBooleanProperty();
    private VoiceIo.Capture capture;
    private LiveSender live;
    /** Pressed, and the microphone is being opened. */
    private boolean starting;
    /** Released while {@link #starting}: stop as soon as the capture is there. */
    private boolean releaseWhenStarted;
    private int generation;
    private long startedAt;
    /** The last recording while its release tail runs, else {@code null}. */
    private Tail tail;

    /** A recording in its release tail: the capture still running, its live sender, the timer that ends it. */
    private record Tail(VoiceIo.Capture capture, LiveSender sending, Future<?> timer) {
    }

    /** @param releaseTail how long the microphone stays open after release (read at each release) */
    public PushToTalkViewModel(VoiceIo io, LiveVoiceSender out, ChatModel model, TypingSender typing, Threads threads,
                               Clock clock, Supplier<String> ids, Supplier<Duration> releaseTail, Messages messages,
                               Consumer<String> notice) {
        this.io = io;
        this.out = out;
        this.model = model;
        this.typing = typing;
        this.ui = threads.ui();
        this.audio = threads.audio();
        this.delay = threads.delay();
        this.clock = clock;
        this.ids = ids;
        this.releaseTail = releaseTail;
        this.messages = messages;
        this.notice = notice;
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
        if (capture != null || starting) {
            return;
        }
        if (!io.hasInput()) {
            available.set(false);
            notice.accept(messages.get(noMicrophoneKey(io.hasOutput())));
            return;
        }
        endTailNow();
        int mine = ++generation;
        starting = true;
        releaseWhenStarted = false;
        startedAt = clock.millis();
        elapsedMillis.set(0);
        recording.set(true);
        typing.recordingStarted(startedAt);
        notice.accept("");
        long maxMillis = model.limitsProperty().get().maxClipMillis();
        LiveSender sending = new LiveSender(out, ids.get(), PcmFormat.VOICE, tail(), maxMillis, clock);
        live = sending;
        Events events = new Events(mine, sending);
        audio.execute(() -> {
            sending.start(); // before the microphone opens, so the stream holds every captured sample
            VoiceIo.Capture opened;
            try {
                opened = io.record(maxMillis, events);
            } catch (VoiceIo.VoiceUnavailableException e) {
                sending.cancel();
                ui.run(() -> startFailed(mine, e.getMessage()));
                return;
            }
            ui.run(() -> started(mine, opened));
        });
    }

    private Duration tail() {
        Duration d = releaseTail.get();
        if (d == null || d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(LiveSender.MAX_RELEASE_TAIL) > 0 ? LiveSender.MAX_RELEASE_TAIL : d;
    }

    private void started(int mine, VoiceIo.Capture opened) {
        if (mine != generation) {
            audio.execute(opened::cancel); // cancelled while the microphone was opening
            return;
        }
        starting = false;
        capture = opened;
        if (releaseWhenStarted) {
            releaseWhenStarted = false;
            release();
        }
    }

    private void startFailed(int mine, String reason) {
        if (mine != generation) {
            return;
        }
        starting = false;
        finish();
        typing.recordingCancelled();
        notice.accept(reason);
    }

    public void release() {
        if (starting) {
            releaseWhenStarted = true;
            return;
        }
        if (capture == null) {
            return;
        }
        VoiceIo.Capture ending = capture;
        LiveSender sending = live;
        finish();
        sending.release();
        long left = sending.tailEndsAt() - clock.millis(); // the tail this recording was made with
        if (left <= 0) {
            stopAndSend(ending, sending);
            return;
        }
        tail = new Tail(ending, sending, delay.after(Duration.ofMillis(left), () -> ui.run(() -> {
            if (tail != null && tail.sending() == sending) {
                endTailNow();
            }
        })));
    }

    /** Ends a running release tail now (its timer came, or the key was pressed again). */
    private void endTailNow() {
        Tail ending = takeTail();
        if (ending != null) {
            stopAndSend(ending.capture(), ending.sending());
        }
    }

    /** The running release tail, now no longer running (its timer cancelled), or {@code null}. */
    private Tail takeTail() {
        Tail t = tail;
        if (t != null) {
            tail = null;
            t.timer().cancel(false);
        }
        return t;
    }

    /** Stops the microphone off the FX thread, then sends what the recording holds. */
    private void stopAndSend(VoiceIo.Capture ending, LiveSender sending) {
        audio.execute(() -> {
            ending.stop(); // everything captured up to now has gone to the live sender
            ui.run(() -> released(sending));
        });
    }

    private void released(LiveSender sending) {
        long millis = sending.capturedMillis();
        if (millis < MIN_CLIP_MILLIS) {
            sending.cancel();
            typing.recordingCancelled();
            notice.accept(messages.get("ptt.tooShort"));
            return;
        }
        send(sending);
    }

    public void cancel() {
        if (starting) {
            starting = false;
            releaseWhenStarted = false;
        } else if (capture != null) {
            VoiceIo.Capture dropped = capture;
            audio.execute(dropped::cancel);
        } else {
            return;
        }
        live.cancel();
        finish();
        typing.recordingCancelled();
        notice.accept(messages.get("ptt.cancelled"));
    }

    /** Leaving the room: a recording in progress is thrown away, one in its release tail is sent now. */
    public void close() {
        cancel();
        Tail ending = takeTail();
        if (ending == null) {
            return;
        }
        // handed over now, while the connection is still open (the session closes it when this returns): what the
        // tail has captured so far goes with it; the microphone is stopped off the FX thread, its last piece dropped
        released(ending.sending());
        audio.execute(ending.capture()::stop);
    }

    /** Updates the timer. */
    public void tick() {
        if (capture != null || starting) {
            elapsedMillis.set(clock.millis() - startedAt);
        }
    }

    private void finish() {
        capture = null;
        live = null;
        generation++;
        recording.set(false);
        level.set(0);
    }

    private void send(LiveSender sending) {
        if (sending.wavBytes() > model.limitsProperty().get().maxClipBytes()) {
            sending.cancel();
            typing.recordingCancelled();
            notice.accept(messages.get("ptt.tooLarge"));
            return;
        }
        // the pending card goes in before the clip goes out, so the echo always finds it
        LiveSender.Recording sent = sending.finish(r -> model.addPending(TimelineItem.voice(0, sending.id(),
                model.nickProperty().get(), true, clock.millis(), ClipData.inMemory(r.wav()), r.durationMs(), true)));
        if (sent != null) {
            typing.messageSent();
        }
    }

    /** Capture events of one recording: audio straight to its live sender, the rest handed to the FX thread. */
    private final class Events implements VoiceIo.CaptureEvents {
        private final int owner;
        private final LiveSender sending;

        Events(int owner, LiveSender sending) {
            this.owner = owner;
            this.sending = sending;
        }

        @Override
        public void captured(byte[] pcm, int offset, int length) {
            sending.captured(pcm, offset, length);
        }

        @Override
        public void level(double rms, double peak) {
            ui.run(() -> {
                if (owner == generation) {
                    level.set(Math.max(0, Math.min(1, peak)));
                    tick();
                }
            });
        }

        @Override
        public void autoStopped(VoiceIo.Clip clip) {
            ui.run(() -> {
                if (owner == generation) {
                    finish();
                    notice.accept(messages.get("ptt.autoStopped"));
                    send(sending);
                }
            });
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> {
                if (owner == generation) {
                    finish();
                    sending.cancel();
                    typing.recordingCancelled();
                    notice.accept(reason);
                }
            });
        }
    }
}
