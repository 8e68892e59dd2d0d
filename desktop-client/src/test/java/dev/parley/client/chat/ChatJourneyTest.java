package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The app (joined with --relay --nick --room --trust) and a plain protocol client chatting. */
class ChatJourneyTest {
    @TempDir
    Path dir;
    private TestRelay relay;
    private AppHarness app;
    private ProtocolClient bob;

    @BeforeEach
    void start() throws Exception {
        relay = new TestRelay(dir.resolve("relay"));
        app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("settings")),
                s -> new NoVoiceIo("no sound"));
        app.awaitJoined();
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
    }

    @AfterEach
    void stop() throws Exception {
        bob.close();
        app.close();
        relay.close();
    }

    private List<TimelineItem> timeline() {
        return AppHarness.fx(() -> List.copyOf(((ListView<TimelineItem>) app.node("#timeline")).getItems()));
    }

    @Test
    void enterSendsShiftEnterBreaksTheLineAndBothSidesSeeTheMessages() {
        app.awaitText("#statusLine", "Connected to " + relay.address() + " as alice");
        app.robot.clickOn("#composer").write("first line");
        app.robot.press(KeyCode.SHIFT).press(KeyCode.ENTER).release(KeyCode.ENTER).release(KeyCode.SHIFT);
        app.robot.write("second line").type(KeyCode.ENTER);
        ServerMessage.Chat got = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));
        assertThat(got.text()).isEqualTo("first line\nsecond line");
        assertThat(app.text("#composer")).isEmpty();
        await().atMost(AppHarness.WAIT).until(() -> timeline().size() == 1
                && !AppHarness.fx(() -> timeline().get(0).pendingProperty().get()));

        bob.chat("b-1", "hi alice");
        await().atMost(AppHarness.WAIT).until(() -> timeline().size() == 2);
        TimelineItem fromBob = timeline().get(1);
        assertThat(fromBob.from()).isEqualTo("bob");
        assertThat(fromBob.text()).isEqualTo("hi alice");
        assertThat(fromBob.seq()).isEqualTo(2);
        assertThat(AppHarness.fx(() -> app.robot.lookup("hi alice").tryQuery().isPresent())).isTrue();
    }

    @Test
    void typingIsSentAndTypingAndRecordingIndicatorsAppearAndExpire() {
        app.robot.clickOn("#composer").write("hel");
        bob.await(ServerMessage.Typing.class, t -> t.from().equals("alice") && t.state() == TypingState.TYPING);

        bob.typing(TypingState.TYPING);
        app.awaitText("#activityLine", "bob is typing…");
        app.awaitNode("#typingBadge");
        long shown = System.nanoTime();
        // not repeated: gone within the 6 s expiry (plus a tick)
        await().atMost(Duration.ofSeconds(10)).until(() -> app.text("#activityLine").isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - shown)).isGreaterThan(Duration.ofSeconds(4));
        assertThat(app.exists("#typingBadge")).isFalse();

        bob.typing(TypingState.RECORDING);
        app.awaitText("#activityLine", "bob is recording a voice message…");
        app.awaitNode("#recordingBadge");
        bob.typing(TypingState.IDLE);
        await().atMost(AppHarness.WAIT).until(() -> app.text("#activityLine").isEmpty());
    }

    @Test
    void someoneLeavingDisappearsFromTheMemberList() {
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> ((ListView<?>) app.node("#members")).getItems().size() == 2));
        bob.close();
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> ((ListView<?>) app.node("#members")).getItems().size() == 1));
    }
}
