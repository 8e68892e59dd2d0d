package dev.parley.client.ui.common;

import javafx.geometry.Pos;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import org.controlsfx.control.Notifications;

import java.util.function.BooleanSupplier;

/**
 * Desktop notifications (ControlsFX) for a window that is not in front: at the bottom right of the screen the window
 * is on (not over its text box), light or dark as the app is. FX thread only.
 *
 * <p>ControlsFX's notification stylesheet paints the notification with Modena's looked-up colours
 * ({@code -fx-outer-border}, {@code -fx-inner-border}, {@code -fx-body-color}), which the AtlantaFX themes do not
 * define: unresolved, JavaFX logs a {@code ClassCastException} and the notification has no background. The
 * notification's popup takes its stylesheets from one of the app's windows (the one ControlsFX picks), so
 * {@value #NOTIFICATIONS_CSS_NAME}, which defines those colours from the theme's own, is added to every window first.
 */
public final class DesktopNotifier {
    static final String NOTIFICATIONS_CSS_NAME = "notifications.css";
    private static final String NOTIFICATIONS_CSS = DesktopNotifier.class
            .getResource("/dev/parley/client/" + NOTIFICATIONS_CSS_NAME).toExternalForm();

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
        for (Window w : Window.getWindows()) {
            if (!(w instanceof PopupWindow) && w.getScene() != null
                    && !w.getScene().getStylesheets().contains(NOTIFICATIONS_CSS)) {
                w.getScene().getStylesheets().add(NOTIFICATIONS_CSS);
            }
        }
        Notifications n = Notifications.create().owner(WindowFit.screenOf(window)).position(Pos.BOTTOM_RIGHT)
                .title(title).text(text);
        if (dark.getAsBoolean()) {
            n = n.darkStyle();
        }
        n.showInformation();
    }
}
