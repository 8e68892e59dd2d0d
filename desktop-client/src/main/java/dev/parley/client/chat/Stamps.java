package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;

import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * Message times as chat apps show them: the clock time for today, the date too for older messages, and the
 * words of the day separators ("Today", "Yesterday", else the date). Reads the time from the injected clock; what
 * shows them follows {@link #todayProperty()}, which {@link #refresh()} moves on at local midnight.
 */
public final class Stamps {
    private final Clock clock;
    private final ZoneId zone;
    private final Messages messages;
    private final DateTimeFormatter time;
    private final DateTimeFormatter dateTime;
    private final DateTimeFormatter day;
    private final ReadOnlyObjectWrapper<LocalDate> today = new ReadOnlyObjectWrapper<>();

    public Stamps(Clock clock, ZoneId zone, Messages messages) {
        this.clock = clock;
        this.zone = zone;
        this.messages = messages;
        this.time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(messages.locale());
        this.dateTime = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                .withLocale(messages.locale());
        this.day = DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(messages.locale());
        today.set(readToday());
    }

    /**
     * Today's local date as of the last {@link #refresh()}: it changes at local midnight (or when the clock or the
     * time zone jumps), and then every time and day separator on show must be written again.
     */
    public ReadOnlyObjectProperty<LocalDate> todayProperty() {
        return today.getReadOnlyProperty();
    }

    /** Reads the clock again (call it often, e.g. every second); moves {@link #todayProperty()} on if the day changed. */
    public void refresh() {
        today.set(readToday());
    }

    private ZonedDateTime at(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(zone);
    }

    private LocalDate readToday() {
        return at(clock.millis()).toLocalDate();
    }

    /** The time beside a message: clock time today, date and time on any other day. */
    public String time(long epochMillis) {
        ZonedDateTime t = at(epochMillis);
        return t.toLocalDate().equals(today.get()) ? time.format(t) : dateTime.format(t);
    }

    /** The separator above the first message of a day. */
    public String day(long epochMillis) {
        LocalDate d = at(epochMillis).toLocalDate();
        LocalDate today = this.today.get();
        if (d.equals(today)) {
            return messages.get("timeline.today");
        }
        if (d.equals(today.minusDays(1))) {
            return messages.get("timeline.yesterday");
        }
        return day.format(d);
    }

    /** Whether two instants fall on the same local day. */
    public boolean sameDay(long a, long b) {
        return at(a).toLocalDate().equals(at(b).toLocalDate());
    }
}
