package dev.parley.client.ui.common;

import javafx.application.Platform;

/** {@link UiThread} on the JavaFX application thread, in hand-over order. */
public final class FxUiThread implements UiThread {
    @Override
    public void run(Runnable action) {
        Platform.runLater(action);
    }
}
