package dev.parley.client.audio;

import dev.parley.client.chat.TimelineItem;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.Wav;
import javafx.scene.Node;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window with real Java Sound, on the virtual microphone and speaker: what the microphone hears reaches
 * another client byte for byte, and a clip from another client reaches the speaker sample for sample.
 */
@ExtendWith(VirtualDevices.class)
class VoiceJourneyTest {
    @TempDir
    Path dir;

    private static byte[] spokenHello() throws Exception {
        try (InputStream in = VoiceJourneyTest.class.getResourceAsStream("spoken-hello.wav")) {
            return in.readAllBytes(); // espeak-ng "Hello from Parley. The build is green.", 16 kHz mono, 2.48 s
        }
    }

    @Test
    void holdingTheKeyRecordsTheMicrophoneAndTheClipArrivesByteIdentical() throws Exception {
        byte[] spoken = spokenHello();
        VirtualMicrophone.feed(spoken);
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                app.robot.clickOn("#composer");
                app.robot.press(KeyCode.F8);
                bob.await(ServerMessage.Typing.class, t -> t.from().equals("alice") && t.state() == TypingState.RECORDING);
                // hold for about as long as the words (the microphone keeps real time)
                await().atMost(AppHarness.WAIT).until(() -> VirtualMicrophone.allLines().stream()
                        .anyMatch(l -> l.getLongFramePosition() >= 2 * 16_000));
                app.robot.release(KeyCode.F8);

                ProtocolClient.Voice got = bob.await(ProtocolClient.Voice.class, v -> v.header().from().equals("alice"));
                TimelineItem mine = AppHarness.fx(() -> app.app().session().model().timeline().stream()
                        .filter(i -> i.kind() == TimelineItem.Kind.VOICE && i.mine()).findFirst().orElseThrow());
                assertThat(got.clip()).as("the clip the app recorded, as the other client received it")
                        .isEqualTo(mine.clip().load());
                assertThat(got.header().sampleRate()).isEqualTo(16_000);
                assertThat(got.header().channels()).isEqualTo(1);
                assertThat(got.header().durationMs()).isBetween(2_000L, 10_000L);

                byte[] heard = Sounds.pcm(got.clip());
                byte[] said = Sounds.pcm(spoken);
                int common = Math.min(heard.length, said.length);
                assertThat(common).isGreaterThan(2 * 16_000 * 2 - 1);
                assertThat(Arrays.copyOf(heard, common)).as("the microphone's samples, from the first")
                        .isEqualTo(Arrays.copyOf(said, common));
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !mine.pendingProperty().get()));
            } finally {
                bob.close();
            }
        }
    }

    @Test
    void aClipFromSomeoneElsePlaysIntoTheSpeakerSampleForSample() throws Exception {
        byte[] spoken = spokenHello();
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                bob.voice("v-hello", spoken);
                app.awaitNode(".voice-card .play-button");
                Node play = app.node(".voice-card .play-button");
                app.robot.clickOn(play);
                byte[] said = Sounds.pcm(spoken);
                await().atMost(AppHarness.WAIT).until(() -> VirtualSpeaker.written().length >= said.length);
                assertThat(VirtualSpeaker.written()).as("what the speaker was given").isEqualTo(said);
                TimelineItem item = AppHarness.fx(() -> app.app().session().model().timeline().get(0));
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !item.playingProperty().get()));
                assertThat(AppHarness.fx(() -> item.playedProperty().get())).isTrue();
                assertThat(Wav.inspect(java.nio.ByteBuffer.wrap(spoken)).durationMs()).isEqualTo(2481);
            } finally {
                bob.close();
            }
        }
    }
}
