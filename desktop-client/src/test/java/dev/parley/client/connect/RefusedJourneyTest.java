package dev.parley.client.connect;

import dev.parley.client.chat.NoVoiceIo;
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
                assertThat(app.app().session()).isNull();
                assertThat(AppHarness.fx(() -> app.node("#connectButton").isDisabled())).isFalse();
            } finally {
                other.close();
            }
        }
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
            app.robot.clickOn("#passwordField").eraseText(5).write("sesame");
            app.robot.clickOn("#connectButton");
            app.awaitJoined();
        }
    }
}
