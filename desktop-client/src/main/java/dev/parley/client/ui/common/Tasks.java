package dev.parley.client.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs work off the FX thread, or waits off it, and hands the outcome back through the {@link UiThread} door: view
 * models and the app's wiring go through this instead of an executor or {@code Platform.runLater}.
 */
public final class Tasks {
    private final Executor background;
    private final ScheduledExecutorService timer;
    private final UiThread ui;

    /**
     * @param background where work runs
     * @param timer      where waiting happens (nothing runs on it but the hand-over); {@code null}: no {@link #later}
     */
    public Tasks(Executor background, ScheduledExecutorService timer, UiThread ui) {
        this.background = background;
        this.timer = timer;
        this.ui = ui;
    }

    /** Work in the background only: {@link #later} is not available (no timer). */
    public Tasks(Executor background, UiThread ui) {
        this(background, null, ui);
    }

    /** Runs {@code action} on the UI thread after {@code delayMillis}. */
    public void later(long delayMillis, Runnable action) {
        if (timer == null) {
            throw new IllegalStateException("these tasks were made without a timer");
        }
        timer.schedule(() -> ui.run(action), delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} in the background, then {@code onSuccess} or {@code onFailure} on the UI thread. */
    public <T> void run(Callable<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        background.execute(() -> {
            try {
                T result = work.call();
                ui.run(() -> onSuccess.accept(result));
            } catch (Exception e) {
                ui.run(() -> onFailure.accept(e));
            }
        });
    }
}
