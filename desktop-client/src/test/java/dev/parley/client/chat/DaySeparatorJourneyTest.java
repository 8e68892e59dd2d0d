package dev.parley.client.chat;

import dev.parley.client.settings.Settings;
import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window showing messages from several days: the relay stamped them with its clock set back (history from
 * the relay with old timestamps), the app reads them against today's date in this computer's time zone. What the
 * person sees: "Today", "Yesterday" or the full date above the first message of each day and nowhere else, and the
 * date beside every message not from today. British English, so the words and formats are known.
 */
class DaySeparatorJourneyTest {
    private static final ZoneId ZONE = ZoneId.systemDefault();
    private static final Locale UK = Locale.UK;

    @TempDir
    Path dir;
    private final MutableClock relayClock = new MutableClock(0);
    private TestRelay relay;
    private ProtocolClient bob;
    private AppHarness app;
    private ChatWindow window;

    @AfterEach
    void stop() throws Exception {
        if (window != null) {
            window.close();
        }
        if (app != null) {
            app.close();
        }
        if (bob != null) {
            bob.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** What one timeline row shows. */
    private record Row(String text, boolean separatorShown, String separator, String time, Bounds separatorBounds,
                       Bounds bubbleBounds) {
    }

    private static long at(LocalDate day, int hour, int minute) {
        return ZonedDateTime.of(day, LocalTime.of(hour, minute), ZONE).toInstant().toEpochMilli();
    }

    /** Bob says {@code text} with the relay's clock at {@code ts}; returns the stored message. */
    private ServerMessage.Chat say(String id, String text, long ts) {
        relayClock.advance(ts - relayClock.millis());
        bob.chat(id, text);
        return bob.await(ServerMessage.Chat.class, c -> c.id().equals(id));
    }

    private void launchAlice() throws Exception {
        Path settings = dir.resolve("settings");
        Files.createDirectories(settings);
        Files.writeString(settings.resolve(Settings.FILE_NAME), "language=en-GB\n");
        app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), settings), s -> new NoVoiceIo("x"));
        app.awaitJoined();
    }

    /** The separator text for a day before yesterday, written out by hand: "Tuesday, 1 December 2026". */
    private static String fullDate(LocalDate d) {
        return d.getDayOfWeek().getDisplayName(TextStyle.FULL, UK) + ", " + d.getDayOfMonth() + " "
                + d.getMonth().getDisplayName(TextStyle.FULL, UK) + " " + d.getYear();
    }

    /** The date as the time beside a message shows it: "1 Dec 2026". */
    private static String shortDate(LocalDate d) {
        return d.getDayOfMonth() + " " + d.getMonth().getDisplayName(TextStyle.SHORT, UK) + " " + d.getYear();
    }

    private static String clockTime(long ts) {
        ZonedDateTime t = Instant.ofEpochMilli(ts).atZone(ZONE);
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    private static boolean showing(Node n) {
        for (Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    /** The rows on screen, by seq. */
    private Map<Long, Row> rows() {
        return rows(app.robot);
    }

    private static Map<Long, Row> rows(FxRobot robot) {
        return AppHarness.fx(() -> {
            Map<Long, Row> rows = new TreeMap<>();
            for (Node n : robot.lookup("#timeline .list-cell").queryAll()) {
                if (!(n instanceof TimelineCell cell) || cell.isEmpty() || cell.getItem() == null || !showing(cell)) {
                    continue;
                }
                Label day = (Label) cell.lookup(".day-separator");
                Node bubble = cell.lookup(".bubble");
                Label time = (Label) cell.lookup(".bubble .meta");
                rows.put(cell.getItem().seq(), new Row(cell.getItem().text(), showing(day) && day.isManaged(),
                        day.getText(), time.getText(), day.localToScene(day.getLayoutBounds()),
                        bubble.localToScene(bubble.getLayoutBounds())));
            }
            return rows;
        });
    }

    private static void assertSeparator(Row row, String text) {
        assertThat(row.separatorShown()).as("a separator above \"%s\"", row.text()).isTrue();
        assertThat(row.separator()).isEqualTo(text);
        assertThat(row.separatorBounds().getMaxY()).as("the separator is above the message")
                .isLessThanOrEqualTo(row.bubbleBounds().getMinY());
    }

    private static void assertNoSeparator(Row row) {
        assertThat(row.separatorShown()).as("no separator above \"%s\"", row.text()).isFalse();
    }

    @Test
    void eachDayStartsWithItsSeparatorAndOlderMessagesShowTheirDate() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate yesterday = today.minusDays(1);
        LocalDate before = today.minusDays(2);
        relayClock.advance(at(before, 8, 0));
        relay = TestRelay.clocked(dir.resolve("relay"), relayClock);
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        say("c1", "two days ago", at(before, 10, 15));
        say("c2", "yesterday morning", at(yesterday, 9, 0));
        say("c3", "yesterday evening", at(yesterday, 21, 30));
        long todayTs = Math.max(System.currentTimeMillis(), at(today, 0, 0));
        say("c4", "today", todayTs);

        launchAlice();
        await().atMost(AppHarness.WAIT).until(() -> rows().size() == 4);
        Map<Long, Row> rows = rows();
        assertThat(rows.keySet()).containsExactly(1L, 2L, 3L, 4L);

        Row older = rows.get(1L);
        assertSeparator(older, fullDate(before));
        assertThat(older.time()).contains(shortDate(before)).contains("10:15");

        Row morning = rows.get(2L);
        assertSeparator(morning, "Yesterday");
        assertThat(morning.time()).contains(shortDate(yesterday)).contains("09:00");
        Row evening = rows.get(3L);
        assertNoSeparator(evening);
        assertThat(evening.time()).contains(shortDate(yesterday)).contains("21:30");

        Row now = rows.get(4L);
        assertSeparator(now, "Today");
        assertThat(now.time()).as("today: the clock time alone").isEqualTo(clockTime(todayTs));

        // a live message later today joins today's group
        long laterTs = Math.max(System.currentTimeMillis(), todayTs);
        say("c5", "still today", laterTs);
        await().atMost(AppHarness.WAIT).until(() -> rows().containsKey(5L));
        Row later = rows().get(5L);
        assertNoSeparator(later);
        assertThat(later.time()).isEqualTo(clockTime(laterTs));
        assertSeparator(rows().get(4L), "Today");
    }

    @Test
    void messagesLoadedByScrollingUpMoveTheSeparatorsToTheFirstMessageOfEachDay() throws Exception {
        LocalDate today = LocalDate.now(ZONE);
        LocalDate yesterday = today.minusDays(1);
        relayClock.advance(at(yesterday, 8, 0));
        relay = TestRelay.clocked(dir.resolve("relay"), relayClock);
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        say("y1", "yesterday 1", at(yesterday, 12, 1));
        say("y2", "yesterday 2", at(yesterday, 12, 2));
        long todayStart = Math.max(System.currentTimeMillis() - 60_000, at(today, 0, 0));
        for (int i = 1; i <= 52; i++) {
            say("t" + i, "today " + i, todayStart + i);
        }

        launchAlice();
        @SuppressWarnings("unchecked")
        ListView<TimelineItem> timeline = (ListView<TimelineItem>) app.node("#timeline");
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> timeline.getItems().size()) == 50);
        assertThat(AppHarness.fx(() -> timeline.getItems().get(0).seq())).as("today 3 opens the replay").isEqualTo(5);
        // scrolling to the top loads the four before: yesterday's two and today's first two
        AppHarness.onFx(() -> timeline.scrollTo(0));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> timeline.getItems().size()) == 54);

        AppHarness.onFx(() -> timeline.scrollTo(0));
        await().atMost(AppHarness.WAIT).until(() -> rows().keySet().containsAll(List.of(1L, 2L, 3L, 4L, 5L, 6L)));
        Map<Long, Row> rows = rows();
        assertSeparator(rows.get(1L), "Yesterday");
        assertThat(rows.get(1L).time()).contains(shortDate(yesterday)).contains("12:01");
        assertNoSeparator(rows.get(2L));
        assertSeparator(rows.get(3L), "Today");
        assertNoSeparator(rows.get(4L));
        assertThat(rows.get(5L).separatorShown()).as("today 3 no longer opens the day").isFalse();
        assertNoSeparator(rows.get(6L));
    }

    @Test
    void aWindowLeftOpenPastMidnightMovesTodayToYesterdayAndDatesTheTimes() throws Exception {
        LocalDate day = LocalDate.of(2026, 12, 7);
        window = ChatWindow.open(at(day, 23, 59), UK, false);
        window.events.stored(new ServerMessage.Chat(1, "b1", "bob", "the day before", at(day.minusDays(1), 10, 0), true), null);
        window.events.stored(new ServerMessage.Chat(2, "b2", "bob", "just before midnight", at(day, 23, 58), false), null);
        await().atMost(AppHarness.WAIT).until(() -> rows(window.robot).size() == 2);
        assertSeparator(rows(window.robot).get(1L), "Yesterday");
        assertSeparator(rows(window.robot).get(2L), "Today");
        assertThat(rows(window.robot).get(2L).time()).isEqualTo("23:58");

        window.clock.advance(59_000);
        window.tick();
        assertThat(rows(window.robot).get(2L).separator()).as("still the 7th").isEqualTo("Today");

        window.clock.advance(2_000); // 00:00:01 on the 8th: the app has stayed open, nothing was restarted
        window.tick();
        Map<Long, Row> rows = rows(window.robot);
        assertSeparator(rows.get(1L), fullDate(day.minusDays(1)));
        assertSeparator(rows.get(2L), "Yesterday");
        assertThat(rows.get(2L).time()).contains(shortDate(day)).contains("23:58");

        window.events.stored(new ServerMessage.Chat(3, "b3", "bob", "a new day", at(day.plusDays(1), 0, 1), false), null);
        await().atMost(AppHarness.WAIT).until(() -> rows(window.robot).containsKey(3L));
        assertSeparator(rows(window.robot).get(3L), "Today");
        assertThat(rows(window.robot).get(3L).time()).isEqualTo("00:01");
    }
}
