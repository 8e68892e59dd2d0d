package dev.parley.client.ui.common;

import javafx.geometry.Pos;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;

import java.util.function.BooleanSupplier;

/**
 * Desktop notifications (ControlsFX) for a window that is not in front: at the bottom right of the screen the window
 * is on (not over its text box), light or dark as the app is. FX thread only.
 */
public final class DesktopNotifier {
    private final Window window;
    private final BooleanSupplier dark;

    /** @param dark whether the app's look is dark now */
    public DesktopNotifier(Window window, BooleanSupplier dark) {
        this.window = window;
        this.dark = dark;
    }

    /** Shows a notification unless the window is focused; returns whether it showed one. */
    public boolean notifyIfAway(String title, String text) {
        if (window.isFocused()) {
            return false;
        }
        show(title, text);
        return true;
    }

    /** Shows a notification now. */
    public void show(String title, String text) {
        Notifications n = Notifications.create().owner(WindowFit.screenOf(window)).position(Pos.BOTTOM_RIGHT)
                .title(title).text(text);
        if (dark.getAsBoolean()) {
            n = n.darkStyle();
        }
        n.showInformation();
    }
}
