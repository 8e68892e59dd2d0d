package dev.parley.client.ui.common;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Runs work off the FX thread and hands the outcome back through the {@link UiThread} door. */
public final class Tasks {
    private final Executor background;
    private final UiThread ui;

    public Tasks(Executor background, UiThread ui) {
        this.background = background;
        this.ui = ui;
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
