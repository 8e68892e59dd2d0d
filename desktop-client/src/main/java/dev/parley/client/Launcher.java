package dev.parley.client;

import javafx.application.Application;

/**
 * Entry point of the self-contained jar. It does not extend {@link Application}, so the JavaFX runtime can come
 * from the class path (the shaded jar) instead of the module path.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(ParleyApp.class, args);
    }
}
