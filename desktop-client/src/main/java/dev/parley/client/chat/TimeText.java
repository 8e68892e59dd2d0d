package dev.parley.client.chat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/** Times and durations as people read them. */
public final class TimeText {
    private TimeText() {
    }

    /**
     * {@code m:ss}, whole seconds rounded down as every player does (3.47 s and 3.63 s are both 0:03), for clips and
     * the recording timer alike.
     */
    public static String duration(long millis) {
        long s = Math.max(0, millis / 1000);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** Local clock time of an epoch millisecond, short style. */
    public static String clock(long epochMillis, Locale locale) {
        return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale)
                .format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }
}
