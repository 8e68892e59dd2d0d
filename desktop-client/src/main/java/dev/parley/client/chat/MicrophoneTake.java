package dev.parley.client.chat;

import dev.parley.client.live.LiveSender;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.UiThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One push-to-talk recording on the microphone: opens, stops and cancels its capture, and ends it as the
 * {@link SendPolicy} says, all on the audio thread, and hands what the capture reports to its {@link Owner} and what
 * became of it to its {@link Outcomes} through the {@link UiThread} door. Its audio goes straight from the capture thread to its
 * {@link LiveSender}.
 *
 * <p>Call it on the UI thread. The audio tasks must run one at a time in order, so a capture is stopped or cancelled
 * only after it opened.
 */
final class MicrophoneTake {
    private static final Logger log = LoggerFactory.getLogger(MicrophoneTake.class);

    /** Hears what becomes of a take, on the UI thread; it tells a take that is no longer its own by identity. */
    interface Owner {
        void opened(MicrophoneTake take);

        void level(MicrophoneTake take, double peak);

        /** The capture reached the longest clip and stopped itself; {@link #send} it. */
        void autoStopped(MicrophoneTake take);

        /** The microphone could not be opened, or stopped working. */
        void failed(MicrophoneTake take, String reason);

    }

    /** What becomes of a finished take, on the UI thread. */
    interface Outcomes {
        /** Its card, shown pending before the clip goes to the connection (its echo then finds it). */
        void showPending(String id, SendPolicy.Sealed sealed);

        /** It was sent, or thrown away as too short or too large. */
        void ended(SendPolicy.Outcome outcome);

        /** It could not be ended (a fault of ours, not the person's) and was thrown away. */
        void sendFailed(String reason);
    }

    final LiveSender sending;
    final long startedAt;
    private final Tasks audio;
    private final UiThread ui;
    private final Owner owner;
    private final Outcomes outcomes;
    /** The capture, once the microphone is open (UI thread). */
    private VoiceIo.Capture capture;

    MicrophoneTake(LiveSender sending, long startedAt, Tasks audio, UiThread ui, Owner owner, Outcomes outcomes) {
        this.sending = sending;
        this.startedAt = startedAt;
        this.audio = audio;
        this.ui = ui;
        this.owner = owner;
        this.outcomes = outcomes;
    }

    /** Opens the live stream, then the microphone; {@link Owner#opened} or {@link Owner#failed} follows. */
    void open(VoiceIo io, long maxMillis) {
        onAudio(() -> {
            sending.start(); // before the microphone opens, so the stream holds every captured sample
            return io.record(maxMillis, new Events());
        }, opened -> {
            capture = opened;
            owner.opened(this);
        }, failure -> {
            sending.cancel();
            owner.failed(this, reason(failure));
        });
    }

    /** Throws the recording away: the live stream is cancelled, the capture too once it is open. */
    void cancel() {
        sending.cancel();
        if (capture != null) {
            VoiceIo.Capture c = capture;
            onAudio(c::cancel);
        }
    }

    /** Stops the microphone (its last piece still goes to the live sender), then {@link #send}s. */
    void stopAndSend(long maxClipBytes) {
        VoiceIo.Capture c = capture;
        onAudio(() -> {
            c.stop();
            return finish(maxClipBytes, ui::run);
        }, outcomes::ended, this::sendFailed);
    }

    /** Ends the recording (its capture stopped by itself) as the {@link SendPolicy} says, off the UI thread. */
    void send(long maxClipBytes) {
        onAudio(() -> finish(maxClipBytes, ui::run), outcomes::ended, this::sendFailed);
    }

    /**
     * Ends the recording now, on this thread, with what it captured so far (the room is being left and the connection
     * closes right after); the microphone is stopped later, its last piece dropped.
     */
    void sendNow(long maxClipBytes) {
        outcomes.ended(finish(maxClipBytes, Runnable::run));
        VoiceIo.Capture c = capture;
        onAudio(c::stop);
    }

    /** Ends the recording as the policy says; {@code toUi} carries its pending card to the UI thread. */
    private SendPolicy.Outcome finish(long maxClipBytes, Consumer<Runnable> toUi) {
        return SendPolicy.finish(sending, maxClipBytes, toUi, sealed -> outcomes.showPending(sending.id(), sealed));
    }

    private void sendFailed(Exception failure) {
        log.warn("cannot finish a recording", failure);
        sending.cancel();
        outcomes.sendFailed(reason(failure));
    }

    private <T> void onAudio(Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        try {
            audio.run(work, done, failed);
        } catch (RejectedExecutionException e) {
            log.debug("the room was left; the microphone is not touched any more");
        }
    }

    private void onAudio(Runnable work) {
        onAudio(() -> {
            work.run();
            return null;
        }, done -> { }, failure -> log.warn("the microphone refused: {}", failure.toString()));
    }

    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** What the capture reports: audio straight to the live sender, the rest handed to the UI thread. */
    private final class Events implements VoiceIo.CaptureEvents {
        @Override
        public void captured(byte[] pcm, int offset, int length) {
            sending.captured(pcm, offset, length);
        }

        @Override
        public void level(double rms, double peak) {
            ui.run(() -> owner.level(MicrophoneTake.this, peak));
        }

        @Override
        public void autoStopped(VoiceIo.Clip clip) {
            ui.run(() -> owner.autoStopped(MicrophoneTake.this));
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> owner.failed(MicrophoneTake.this, reason));
        }
    }
}
