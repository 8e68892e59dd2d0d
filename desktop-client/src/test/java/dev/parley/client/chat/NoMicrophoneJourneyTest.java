package dev.parley.client.chat;

import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Without a microphone the push-to-talk button is off and says why; text chat still works. */
class NoMicrophoneJourneyTest {
    @TempDir
    Path dir;

    @Test
    void pushToTalkIsDisabledWithAReasonAndTextChatWorks() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        io.input = false;
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")), s -> io)) {
            app.awaitJoined();
            Button ptt = (Button) app.node("#pttButton");
            assertThat(AppHarness.fx(ptt::isDisabled)).isTrue();
            assertThat(AppHarness.fx(() -> ptt.getTooltip().getText())).contains("No microphone").contains("still listen");
            app.awaitNode("#pttUnavailable");
            assertThat(app.text("#pttUnavailable")).isEqualTo("No microphone");

            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                app.robot.clickOn("#composer").write("text still works");
                app.robot.press(KeyCode.F8).release(KeyCode.F8);
                app.robot.type(KeyCode.ENTER);
                bob.await(ServerMessage.Chat.class, c -> c.text().equals("text still works"));
                assertThat(io.recordings).isZero();
                assertThat(bob.count(ServerMessage.Typing.class, t -> t.state() == TypingState.RECORDING)).isZero();
            } finally {
                bob.close();
            }
        }
    }

    @Test
    void withoutASpeakerEitherItDoesNotSayYouCanStillListen() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        io.input = false;
        io.output = false;
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")), s -> io)) {
            app.awaitJoined();
            Button ptt = (Button) app.node("#pttButton");
            String tip = AppHarness.fx(() -> ptt.getTooltip().getText());
            assertThat(tip).contains("No microphone").contains("no speaker").doesNotContain("listen");
            app.robot.clickOn("#composer");
            app.robot.press(KeyCode.F8).release(KeyCode.F8);
            app.awaitText("#noticeLine", "no speaker");
            assertThat(app.text("#noticeLine")).doesNotContain("listen");
        }
    }
}
