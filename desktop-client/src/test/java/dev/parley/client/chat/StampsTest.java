package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Message times: clock time today, the date otherwise; day separators say Today, Yesterday or the date. */
class StampsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 3, 15, 30, 0, 0, ZONE);
    private final Stamps stamps = new Stamps(Clock.fixed(NOW.toInstant(), ZONE), ZONE, new Messages(Locale.UK));

    private static long at(int month, int day, int hour, int minute) {
        return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, ZONE).toInstant().toEpochMilli();
    }

    @Test
    void todayShowsTheClockTimeOtherDaysTheDateToo() {
        assertThat(stamps.time(at(12, 3, 9, 5))).isEqualTo("09:05");
        assertThat(stamps.time(at(12, 2, 23, 59))).contains("2 Dec 2026").contains("23:59");
        assertThat(stamps.time(at(6, 1, 8, 0))).contains("1 Jun 2026");
    }

    @Test
    void separatorsSayTodayYesterdayOrTheDate() {
        assertThat(stamps.day(at(12, 3, 0, 1))).isEqualTo("Today");
        assertThat(stamps.day(at(12, 2, 23, 59))).isEqualTo("Yesterday");
        assertThat(stamps.day(at(11, 30, 12, 0))).isEqualTo("Monday, 30 November 2026");
        assertThat(new Stamps(Clock.fixed(NOW.toInstant(), ZONE), ZONE, new Messages(Locale.SIMPLIFIED_CHINESE))
                .day(at(12, 2, 10, 0))).isEqualTo("昨天");
    }

    @Test
    void daysAreLocalDays() {
        assertThat(stamps.sameDay(at(12, 3, 0, 1), at(12, 3, 23, 59))).isTrue();
        assertThat(stamps.sameDay(at(12, 2, 23, 59), at(12, 3, 0, 1))).isFalse();
        long utcMidnight = Instant.parse("2026-12-03T00:00:00Z").toEpochMilli(); // 01:00 in Berlin
        assertThat(stamps.sameDay(utcMidnight - 30 * 60_000, utcMidnight)).as("both on 3 December in Berlin").isTrue();
    }
}
