package dev.parley.client.connect;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A relay's refusal (close code) and an unreachable relay are told in words on the connect screen. */
class RefusedJourneyTest {
    @TempDir
    Path dir;

    @Test
    void aTakenNickIsExplainedAndTheFormStaysUsable() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            ProtocolClient other = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "Alice", "lobby");
            try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                    s -> new NoVoiceIo("x"))) {
                app.awaitText("#connectProblem", "already called “alice”");
                assertThat(app.text("#connectProblem")).as("a sentence of its own").startsWith("Someone in this room");
                assertThat(app.app().session()).isNull();
                assertThat(AppHarness.fx(() -> app.node("#connectButton").isDisabled())).isFalse();
                // shown in full, never cut with "…", even in a narrow window
                AppHarness.onFx(() -> app.stage().setWidth(300));
                org.awaitility.Awaitility.await().atMost(AppHarness.WAIT).until(() -> shownInFull(app, "#connectProblem"));
                // a new error replaces the old one
                app.robot.clickOn("#nickField").eraseText(5).write("al/ice");
                app.awaitText("#nickError", "letters, digits");
                assertThat(app.text("#connectProblem")).isEmpty();
                assertThat(shownInFull(app, "#nickError")).isTrue();
            } finally {
                other.close();
            }
        }
    }

    /** The text the label draws (with "…" when cut) is its whole text. */
    private static boolean shownInFull(AppHarness app, String query) {
        return AppHarness.fx(() -> {
            javafx.scene.control.Label label = (javafx.scene.control.Label) app.node(query);
            javafx.scene.text.Text drawn = (javafx.scene.text.Text) label.lookup(".text");
            return drawn != null && drawn.getText().replace("\n", " ").replace("  ", " ").strip()
                    .equals(label.getText().replace("\n", " ").strip());
        });
    }

    @Test
    void anUnreachableRelayIsExplained() throws Exception {
        TestRelay relay = new TestRelay(dir.resolve("relay"));
        String fingerprint = relay.fingerprint();
        relay.close();
        try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", fingerprint, dir.resolve("s")),
                s -> new NoVoiceIo("x"))) {
            app.awaitText("#connectProblem", "cannot be reached");
            assertThat(app.app().session()).isNull();
        }
    }

    @Test
    void aWrongPasswordIsExplainedAndTheRightOneJoins() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"), "sesame");
             AppHarness app = AppHarness.launch(new dev.parley.client.AppOptions(relay.address().toString(), "alice",
                     "lobby", relay.fingerprint(), "wrong", false, 0, dir.resolve("s"), false), s -> new NoVoiceIo("x"))) {
            app.awaitText("#connectProblem", "password is wrong");
            assertThat(app.text("#connectProblem")).startsWith("The room password");
            app.robot.clickOn("#passwordField").eraseText(5).write("sesame");
            app.robot.clickOn("#connectButton");
            app.awaitJoined();
        }
    }
}
