package dev.parley.client.chat;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.net.RelaySender;
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
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Push-to-talk: {@link #press()} starts recording (again while recording does nothing, so a held key's
 * auto-repeat is harmless), {@link #release()} sends the clip, {@link #cancel()} throws it away. Taps under
 * {@link #MIN_CLIP_MILLIS} are discarded with a hint; the capture stops itself at the relay's {@code maxClipMillis}.
 * FX thread only; capture events come in through the {@link UiThread} door. Opening and stopping the microphone
 * happen on the {@code audio} executor, so the FX thread never waits for a sound driver: the button reacts at once,
 * and a release that comes before the microphone has opened ends the recording as soon as it has.
 */
public final class PushToTalkViewModel {
    /** Shorter clips are taken for accidental taps. */
    public static final long MIN_CLIP_MILLIS = 300;

    private final VoiceIo io;
    private final RelaySender sender;
    private final ChatModel model;
    private final TypingSender typing;
    private final UiThread ui;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Messages messages;
    private final Consumer<String> notice;
    private final Executor audio;
    private final ReadOnlyBooleanWrapper recording = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper elapsedMillis = new ReadOnlyLongWrapper();
    private final DoubleProperty level = new SimpleDoubleProperty();
    private final BooleanProperty available = new SimpleBooleanProperty();
    private VoiceIo.Capture capture;
    /** Pressed, and the microphone is being opened. */
    private boolean starting;
    /** Released while {@link #starting}: stop as soon as the capture is there. */
    private boolean releaseWhenStarted;
    private int generation;
    private long startedAt;

    public PushToTalkViewModel(VoiceIo io, RelaySender sender, ChatModel model, TypingSender typing, UiThread ui,
                               Executor audio, Clock clock, Supplier<String> ids, Messages messages,
                               Consumer<String> notice) {
        this.audio = audio;
        this.io = io;
        this.sender = sender;
        this.model = model;
        this.typing = typing;
        this.ui = ui;
        this.clock = clock;
        this.ids = ids;
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

    /** Looks for a microphone again (after a settings change). */
    /** The message key for "no microphone": "you can still listen" only when there is a speaker to listen on. */
    public static String noMicrophoneKey(boolean speaker) {
        return speaker ? "ptt.noMicrophone" : "ptt.noMicrophone.noSpeaker";
    }

    /** Whether there is a speaker to play clips on. */
    public boolean hasSpeaker() {
        return io.hasOutput();
    }

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
        int mine = ++generation;
        starting = true;
        releaseWhenStarted = false;
        startedAt = clock.millis();
        elapsedMillis.set(0);
        recording.set(true);
        typing.recordingStarted(startedAt);
        notice.accept("");
        long maxMillis = model.limitsProperty().get().maxClipMillis();
        Events events = new Events(mine);
        audio.execute(() -> {
            VoiceIo.Capture opened;
            try {
                opened = io.record(maxMillis, events);
            } catch (VoiceIo.VoiceUnavailableException e) {
                ui.run(() -> startFailed(mine, e.getMessage()));
                return;
            }
            ui.run(() -> started(mine, opened));
        });
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
        finish();
        audio.execute(() -> {
            VoiceIo.Clip clip = ending.stop();
            ui.run(() -> released(clip));
        });
    }

    private void released(VoiceIo.Clip clip) {
        if (clip == null || clip.durationMs() < MIN_CLIP_MILLIS) {
            typing.recordingCancelled();
            notice.accept(messages.get("ptt.tooShort"));
            return;
        }
        send(clip);
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
        finish();
        typing.recordingCancelled();
        notice.accept(messages.get("ptt.cancelled"));
    }

    /** Updates the timer. */
    public void tick() {
        if (capture != null || starting) {
            elapsedMillis.set(clock.millis() - startedAt);
        }
    }

    private void finish() {
        capture = null;
        generation++;
        recording.set(false);
        level.set(0);
    }

    private void send(VoiceIo.Clip clip) {
        if (clip.wav().length > model.limitsProperty().get().maxClipBytes()) {
            typing.recordingCancelled();
            notice.accept(messages.get("ptt.tooLarge"));
            return;
        }
        String id = ids.get();
        model.addPending(TimelineItem.voice(0, id, model.nickProperty().get(), true, clock.millis(), ClipData.inMemory(clip.wav()),
                clip.durationMs(), true));
        sender.sendVoice(id, clip.wav());
        typing.messageSent();
    }

    /** Capture events of one recording, handed to the FX thread; stale ones are ignored. */
    private final class Events implements VoiceIo.CaptureEvents {
        private final int owner;

        Events(int owner) {
            this.owner = owner;
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
                    send(clip);
                }
            });
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> {
                if (owner == generation) {
                    finish();
                    typing.recordingCancelled();
                    notice.accept(reason);
                }
            });
        }
    }
}
