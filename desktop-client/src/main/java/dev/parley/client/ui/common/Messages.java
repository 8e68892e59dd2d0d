package dev.parley.client.ui.common;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/** Every visible string, from {@code dev/parley/client/messages*.properties} (English and Simplified Chinese). */
public final class Messages {
    public static final String BUNDLE = "dev.parley.client.messages";

    private final ResourceBundle bundle;
    private final Locale locale;

    public Messages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The locale for a language setting: empty follows the system, else a language tag such as {@code zh-CN}. */
    public static Locale localeFor(String languageSetting) {
        if (languageSetting == null || languageSetting.isBlank()) {
            return Locale.getDefault();
        }
        return Locale.forLanguageTag(languageSetting);
    }

    public Locale locale() {
        return locale;
    }

    public ResourceBundle bundle() {
        return bundle;
    }

    public String get(String key) {
        try {
            return bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalArgumentException("no message " + key, e);
        }
    }

    public String format(String key, Object... args) {
        return new MessageFormat(get(key), locale).format(args);
    }
}
