package dev.parley.client.ui.common;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.scene.Scene;

/** AtlantaFX look, light or dark, plus the app's own stylesheet. */
public final class Themes {
    private static final String APP_CSS = Themes.class.getResource("/dev/parley/client/parley.css").toExternalForm();

    private Themes() {
    }

    /** Applies the dark or the light look to the whole application (every window). */
    public static void apply(boolean dark) {
        Application.setUserAgentStylesheet(dark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    /** Adds the app stylesheet to a scene. */
    public static void style(Scene scene) {
        if (!scene.getStylesheets().contains(APP_CSS)) {
            scene.getStylesheets().add(APP_CSS);
        }
    }
}
