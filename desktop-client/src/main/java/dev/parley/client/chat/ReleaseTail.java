package dev.parley.client.chat;

import dev.parley.client.live.LiveSender;
import dev.parley.client.ui.common.UiThread;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Times the release tail: after push-to-talk is let go the microphone stays open a moment (a setting, 0 to
 * {@link LiveSender#MAX_RELEASE_TAIL}) so the last word is not clipped. It holds the one recording in its tail and
 * hands it to {@code end} when its time is up, or at once when asked (the key was pressed again).
 *
 * <p>UI thread only; the timer fires on any thread and comes back through the {@link UiThread} door. A timer that
 * comes after its tail was ended already does nothing.
 *
 * @param <R> the recording
 */
final class ReleaseTail<R> {
    private final PushToTalkViewModel.Delay delay;
    private final UiThread ui;
    private final Clock clock;
    private final Consumer<R> end;
    /** The recording in its tail, or {@code null}. */
    private Running running;

    private final class Running {
        final R recording;
        Future<?> timer;

        Running(R recording) {
            this.recording = recording;
        }
    }

    ReleaseTail(PushToTalkViewModel.Delay delay, UiThread ui, Clock clock, Consumer<R> end) {
        this.delay = delay;
        this.ui = ui;
        this.clock = clock;
        this.end = end;
    }

    /** The tail a person chose, made one that can be: missing or negative is none, longer than allowed the longest. */
    static Duration length(Duration chosen) {
        if (chosen == null || chosen.isNegative()) {
            return Duration.ZERO;
        }
        return chosen.compareTo(LiveSender.MAX_RELEASE_TAIL) > 0 ? LiveSender.MAX_RELEASE_TAIL : chosen;
    }

    /**
     * Keeps {@code recording} open until {@code endsAt} (the clock's milliseconds), ending a tail still running first.
     * Returns {@code false} when that time has come already: then the caller ends it.
     */
    boolean start(R recording, long endsAt) {
        long left = endsAt - clock.millis();
        if (left <= 0) {
            return false;
        }
        endNow();
        Running r = new Running(recording);
        running = r;
        r.timer = delay.after(Duration.ofMillis(left), () -> ui.run(() -> {
            if (running == r) {
                endNow();
            }
        }));
        return true;
    }

    /** Ends the tail running, if any, now: its recording goes to {@code end}. */
    void endNow() {
        R r = take();
        if (r != null) {
            end.accept(r);
        }
    }

    /** The recording in its tail, taken out of it (its timer cancelled, {@code end} not called), or {@code null}. */
    R take() {
        Running r = running;
        if (r == null) {
            return null;
        }
        running = null;
        if (r.timer != null) {
            r.timer.cancel(false);
        }
        return r.recording;
    }
}
