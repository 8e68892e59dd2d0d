package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A relay restart mid-conversation: the status line counts down, and what was typed meanwhile arrives once. */
class ReconnectJourneyTest {
    @TempDir
    Path dir;

    @Test
    void aMessageTypedWhileTheRelayIsDownIsDeliveredOnceAfterReconnect() throws Exception {
        TestRelay relay = new TestRelay(dir.resolve("relay"));
        try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                s -> new NoVoiceIo("no sound"))) {
            app.awaitJoined();
            app.robot.clickOn("#composer").write("before the restart").type(KeyCode.ENTER);
            await().atMost(AppHarness.WAIT).until(() -> app.app().session().connection().outboxSize() == 0);

            relay.stop();
            app.awaitText("#statusLine", "Reconnecting in");
            assertThat(app.text("#statusLine")).contains("the relay shut down");
            app.robot.clickOn("#composer").write("during the restart").type(KeyCode.ENTER);
            List<TimelineItem> items = AppHarness.fx(() -> List.copyOf(((ListView<TimelineItem>) app.node("#timeline")).getItems()));
            TimelineItem pending = items.get(items.size() - 1);
            assertThat(pending.text()).isEqualTo("during the restart");
            assertThat(AppHarness.fx(() -> pending.pendingProperty().get())).isTrue();
            assertThat(app.exists("sending…")).isTrue();

            relay.start();
            app.awaitText("#statusLine", "Connected");
            await().atMost(AppHarness.WAIT).until(() -> !AppHarness.fx(() -> pending.pendingProperty().get()));
            assertThat(pending.seq()).isEqualTo(2);

            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                bob.await(ServerMessage.Chat.class, c -> c.text().equals("during the restart"));
                assertThat(bob.count(ServerMessage.Chat.class, c -> c.text().equals("during the restart"))).isEqualTo(1);
                assertThat(bob.count(ServerMessage.Chat.class, c -> true)).isEqualTo(2);
                assertThat(AppHarness.fx(() -> ((ListView<?>) app.node("#timeline")).getItems().size())).isEqualTo(2);
            } finally {
                bob.close();
            }
        } finally {
            relay.close();
        }
    }

    private static int secondsShown(String status) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Reconnecting in (\\d+) s").matcher(status);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void whileDisconnectedMembersShowAsNotKnownAndRetryNowJoinsAtOnce() throws Exception {
        TestRelay relay = new TestRelay(dir.resolve("relay"));
        ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                s -> new NoVoiceIo("no sound"))) {
            app.awaitJoined();
            await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> ((ListView<?>) app.node("#members")).getItems().size() == 2));
            assertThat(app.exists("#offlineDot")).isFalse();
            assertThat(app.fx(() -> app.node("#retryButton").isVisible())).isFalse();
            relay.stop(); // bob is still in the room when the relay goes (closing him first races with his leave)
            bob.close();
            app.awaitNode("#offlineDot");
            assertThat(AppHarness.fx(() -> app.robot.lookup("#offlineDot").queryAll().size())).as("nobody shown online").isEqualTo(2);
            app.awaitNode("#retryButton");
            // let the backoff grow so that the next attempt is seconds away
            await().atMost(Duration.ofSeconds(30)).until(() -> secondsShown(app.text("#statusLine")) >= 5);
            assertThat(app.text("#statusLine")).doesNotContain("((").doesNotContain("))");
            int waitShown = secondsShown(app.text("#statusLine"));
            relay.start();
            long clicked = System.nanoTime();
            app.robot.clickOn("#retryButton");
            app.awaitText("#statusLine", "Connected");
            assertThat(Duration.ofNanos(System.nanoTime() - clicked)).as("sooner than the scheduled attempt")
                    .isLessThan(Duration.ofSeconds(waitShown - 1));
            await().atMost(AppHarness.WAIT).until(() -> !app.exists("#offlineDot"));
            assertThat(app.fx(() -> app.node("#retryButton").isVisible())).isFalse();
        } finally {
            relay.close();
        }
    }
}
