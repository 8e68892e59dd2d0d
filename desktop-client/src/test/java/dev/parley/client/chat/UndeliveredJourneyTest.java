package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages that did not get through: the card says why in plain words, the person dismisses it, and sends their own
 * again where that could work. Others' live messages stopped by the relay go through the real app and relay; own
 * refusals, which a well-behaved app never provokes, through the chat screen on its own fed the relay's answers.
 */
class UndeliveredJourneyTest {
    private static final int CHUNK = 640; // 20 ms of 16 kHz mono

    @TempDir
    Path dir;
    private TestRelay relay;
    private AppHarness app;
    private ProtocolClient bob;
    private ChatWindow window;

    @AfterEach
    void stop() throws Exception {
        if (bob != null) {
            bob.close();
        }
        if (app != null) {
            app.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (window != null) {
            window.close();
        }
    }

    /** The row of the message with {@code id}, if it is on screen (the live card when {@code live}). */
    private static Optional<TimelineCell> row(FxRobot robot, String id, boolean live) {
        return AppHarness.fx(() -> robot.lookup("#timeline .list-cell").queryAll().stream()
                .filter(n -> n instanceof TimelineCell c && !c.isEmpty() && c.getItem() != null
                        && c.getItem().id().equals(id) && (c.getItem().live() != null) == live)
                .map(TimelineCell.class::cast).findFirst());
    }

    /** What the line under that row says, or empty when it shows none. */
    private static String why(FxRobot robot, String id, boolean live) {
        return row(robot, id, live).map(c -> AppHarness.fx(() -> {
            Node line = c.lookup(".undelivered");
            return line.isVisible() ? ((Label) c.lookup("#undeliveredWhy")).getText() : "";
        })).orElse("");
    }

    private static Button button(FxRobot robot, String id, boolean live, String button) {
        return AppHarness.fx(() -> (Button) row(robot, id, live).orElseThrow().lookup(button));
    }

    private void launch() throws Exception {
        relay = new TestRelay(dir.resolve("relay"));
        app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("settings")),
                s -> new NoVoiceIo("no sound"));
        app.awaitJoined();
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby", Protocol.VERSION_2);
    }

    @Test
    void aLiveMessageTheRelayRefusedSaysSoAndGoesWhenDismissed() throws Exception {
        launch();
        bob.voiceStart("v-1");
        bob.voiceChunk("v-1", 0, new byte[CHUNK]);
        app.awaitNode("#liveBadge");
        bob.voiceChunk("v-1", 2, new byte[CHUNK]); // chunk 1 was due: the relay ends the stream and stores nothing
        bob.await(ServerMessage.Error.class, e -> "v-1".equals(e.ref()));

        await().atMost(AppHarness.WAIT).until(() -> why(app.robot, "v-1", true).contains("the relay refused it"));
        assertThat(why(app.robot, "v-1", true)).isEqualTo(
                "Not saved: the relay refused it. It comes only if bob’s app can send it again.");
        assertThat(AppHarness.fx(() -> button(app.robot, "v-1", true, "#resendButton").isVisible()))
                .as("not alice's to send").isFalse();
        assertThat(AppHarness.fx(() -> button(app.robot, "v-1", true, ".play-button").isDisabled())).isTrue();

        app.robot.clickOn(button(app.robot, "v-1", true, "#dismissButton"));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> app.app().session().model().timeline().isEmpty()));
    }

    @Test
    void aLiveMessageAlreadySentBeforeSaysSoAndGoesWhenDismissedLeavingTheStoredOne() throws Exception {
        launch();
        bob.voice("v-2", Clips.tone(300, 440));
        bob.await(ProtocolClient.Voice.class, v -> v.header().id().equals("v-2"));
        bob.voiceStart("v-2"); // bob's app sends the same message again, live
        bob.voiceChunk("v-2", 0, new byte[CHUNK]);
        bob.voiceEnd("v-2");

        await().atMost(AppHarness.WAIT).until(() -> why(app.robot, "v-2", true).contains("already sent"));
        assertThat(why(app.robot, "v-2", true)).isEqualTo("Not saved again: bob had already sent this message.");
        app.robot.clickOn(button(app.robot, "v-2", true, "#dismissButton"));
        await().atMost(AppHarness.WAIT).until(() -> row(app.robot, "v-2", true).isEmpty());
        assertThat(AppHarness.fx(() -> app.app().session().model().timeline()))
                .singleElement().satisfies(stored -> assertThat(stored.seq()).isEqualTo(1));
        assertThat(why(app.robot, "v-2", false)).as("the stored message got through").isEmpty();
    }

    @Test
    void anOwnMessageTheRelayRefusedIsSentAgainOrDismissed() throws Exception {
        window = ChatWindow.open(System.currentTimeMillis(), Locale.ENGLISH, false);
        window.robot.clickOn("#composer").write("hello there");
        window.robot.clickOn("#sendButton");
        window.robot.clickOn("#composer").write("a very long story");
        window.robot.clickOn("#sendButton");
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> window.sender.chats.size()) == 2);
        window.events.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "odd field", "c-1"));
        window.events.error(new ServerMessage.Error(ErrorCode.TOO_LARGE, "text over 4000 characters", "c-2"));

        await().atMost(AppHarness.WAIT).until(() -> !why(window.robot, "c-2", false).isEmpty());
        assertThat(why(window.robot, "c-1", false)).isEqualTo("The relay refused it.");
        assertThat(why(window.robot, "c-2", false)).isEqualTo("Longer than this relay accepts, so it cannot be sent.");
        assertThat(AppHarness.fx(() -> button(window.robot, "c-2", false, "#resendButton").isVisible()))
                .as("it would be refused again").isFalse();

        window.robot.clickOn(button(window.robot, "c-1", false, "#resendButton"));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> window.sender.chats.size()) == 3);
        assertThat(AppHarness.fx(() -> List.copyOf(window.sender.chats)))
                .containsExactly("c-1:hello there", "c-2:a very long story", "c-1:hello there");
        await().atMost(AppHarness.WAIT).until(() -> why(window.robot, "c-1", false).isEmpty());
        window.events.stored(new ServerMessage.Chat(1, "c-1", "alice", "hello there", window.clock.millis(), false), null);
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> window.model.timeline().get(0).seq()) == 1);

        window.robot.clickOn(button(window.robot, "c-2", false, "#dismissButton"));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> window.model.timeline().size()) == 1);
        assertThat(AppHarness.fx(() -> window.model.timeline().get(0).id())).isEqualTo("c-1");
    }
}
