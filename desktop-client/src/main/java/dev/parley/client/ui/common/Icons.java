package dev.parley.client.ui.common;

import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Feather icons (Ikonli) at the app's usual sizes. */
public final class Icons {
    private Icons() {
    }

    public static FontIcon of(Feather icon) {
        return of(icon, 16);
    }

    public static FontIcon of(Feather icon, int size) {
        FontIcon f = new FontIcon(icon);
        f.setIconSize(size);
        return f;
    }
}
