package dev.parley.client.chat;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The push-to-talk key: held (with auto-repeat) records once, release sends, Escape cancels, a tap is discarded. */
class PushToTalkKeyJourneyTest {
    @TempDir
    Path dir;

    @Test
    void heldKeyRecordsOnceAndSendsEscapeCancelsATapIsDiscarded() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        byte[] wav = Clips.tone(900, 330);
        io.nextClip = new VoiceIo.Clip(wav, 900);
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")), s -> io)) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                app.robot.clickOn("#composer");
                // a held key repeats KEY_PRESSED: it must not restart or split the recording
                app.robot.press(KeyCode.F8).press(KeyCode.F8).press(KeyCode.F8);
                bob.await(ServerMessage.Typing.class, t -> t.from().equals("alice") && t.state() == TypingState.RECORDING);
                app.awaitNode("#pttTimer");
                assertThat(io.recordings).isEqualTo(1);
                app.awaitText("#pttButton", "Recording… release to send");
                app.robot.release(KeyCode.F8);
                ProtocolClient.Voice got = bob.await(ProtocolClient.Voice.class, v -> v.header().from().equals("alice"));
                assertThat(got.clip()).isEqualTo(wav);
                assertThat(got.header().durationMs()).isEqualTo(900);
                assertThat(io.recordings).isEqualTo(1);
                app.awaitText("#pttButton", "Hold to talk");

                app.robot.press(KeyCode.F8).press(KeyCode.ESCAPE).release(KeyCode.ESCAPE).release(KeyCode.F8);
                app.awaitText("#noticeLine", "cancelled");
                assertThat(io.cancels).isEqualTo(1);

                io.nextClip = new VoiceIo.Clip(Clips.tone(100, 330), 100);
                app.robot.press(KeyCode.F8).release(KeyCode.F8);
                app.awaitText("#noticeLine", "Too short");
                await().atMost(AppHarness.WAIT).until(() -> bob.count(ServerMessage.Typing.class,
                        t -> t.state() == TypingState.IDLE) >= 2);
                assertThat(bob.count(ProtocolClient.Voice.class, v -> true)).isEqualTo(1);
            } finally {
                bob.close();
            }
        }
    }

    @Test
    void theButtonHeldWithTheMouseSendsAndDraggingOffCancels() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        byte[] wav = Clips.tone(700, 330);
        io.nextClip = new VoiceIo.Clip(wav, 700);
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")), s -> io)) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                app.robot.moveTo("#pttButton").press(javafx.scene.input.MouseButton.PRIMARY);
                await().atMost(AppHarness.WAIT).until(() -> io.recordings == 1);
                app.robot.release(javafx.scene.input.MouseButton.PRIMARY);
                ProtocolClient.Voice got = bob.await(ProtocolClient.Voice.class, v -> v.header().from().equals("alice"));
                assertThat(got.clip()).isEqualTo(wav);

                app.robot.drag("#pttButton").moveBy(-400, -300).drop();
                app.awaitText("#noticeLine", "cancelled");
                long shown = System.nanoTime();
                // the hint goes by itself after a few seconds
                await().atMost(java.time.Duration.ofSeconds(10)).until(() -> app.text("#noticeLine").isEmpty());
                assertThat(java.time.Duration.ofNanos(System.nanoTime() - shown))
                        .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(ChatViewModel.NOTICE_MILLIS - 1500));
                assertThat(AppHarness.fx(() -> app.node("#noticeLine").isVisible())).isFalse();
                assertThat(io.recordings).isEqualTo(2);
                assertThat(io.cancels).isEqualTo(1);
                assertThat(bob.count(ProtocolClient.Voice.class, v -> true)).isEqualTo(1);
            } finally {
                bob.close();
            }
        }
    }
}
