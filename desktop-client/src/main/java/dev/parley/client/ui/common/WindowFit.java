package dev.parley.client.ui.common;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Window;

/** Where a window is and how large it may be: the screen it is on, sizes that fit that screen, and keeping it on it. */
public final class WindowFit {
    private WindowFit() {
    }

    /** The screen the window is on (the first it overlaps), else the primary screen. */
    public static Screen screenOf(Window window) {
        return Screen.getScreensForRectangle(window.getX(), window.getY(), window.getWidth(), window.getHeight())
                .stream().findFirst().orElse(Screen.getPrimary());
    }

    /** A first window size: the one wanted, or smaller where the primary screen is smaller. */
    public static Dimension2D firstSize(double width, double height) {
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        return new Dimension2D(Math.min(width, screen.getWidth()), Math.min(height, screen.getHeight()));
    }

    /**
     * Makes the window at least {@code minWidth} × {@code minHeight}, but no larger than its screen, and moves it back
     * onto the screen if growing pushed it past the right or bottom edge.
     */
    public static void growTo(Window window, double minWidth, double minHeight) {
        Rectangle2D screen = screenOf(window).getVisualBounds();
        window.setWidth(Math.min(Math.max(window.getWidth(), minWidth), screen.getWidth()));
        window.setHeight(Math.min(Math.max(window.getHeight(), minHeight), screen.getHeight()));
        Rectangle2D now = screenOf(window).getVisualBounds();
        if (window.getX() + window.getWidth() > now.getMaxX() || window.getY() + window.getHeight() > now.getMaxY()) {
            window.setX(Math.max(now.getMinX(), now.getMaxX() - window.getWidth()));
            window.setY(Math.max(now.getMinY(), now.getMaxY() - window.getHeight()));
        }
    }
}
