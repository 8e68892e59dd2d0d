package dev.parley.client.audio;

import dev.parley.client.chat.PlaybackViewModel;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.settings.Settings;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The real window with real Java Sound, on the virtual microphone and speaker: what the microphone hears reaches
 * another client byte for byte, a clip from another client reaches the speaker sample for sample, and at 1.5x or 2x
 * it reaches it shorter, at the same pitch.
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

    @Test
    void theSpeedButtonMakesTheClipShorterAsHeardWithThePitchKeptAndProgressInStep() throws Exception {
        byte[] spoken = spokenHello();
        short[] said = Sounds.samples(Sounds.pcm(spoken));
        double pitch = Pitch.median(said, 16_000);
        Path settings = dir.resolve("s");
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), settings),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            try {
                bob.voice("v-hello", spoken);
                app.awaitNode(".voice-card .speed-button");
                assertThat(app.text(".voice-card .speed-button")).isEqualTo("1\u00d7");
                TimelineItem item = AppHarness.fx(() -> app.app().session().model().timeline().get(0));

                for (double speed : new double[] {1.5, 2}) {
                    app.robot.clickOn(app.node(".voice-card .speed-button"));
                    assertThat(app.text(".voice-card .speed-button")).isEqualTo(PlaybackViewModel.speedText(speed));
                    VirtualSpeaker.reset();
                    app.robot.clickOn(app.node(".voice-card .play-button"));
                    // when the card shows half the clip played, the speaker has played about half of what it got
                    await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> item.progressProperty().get()) >= 0.5);
                    long heardAtHalf = VirtualSpeaker.allLines().get(0).getLongFramePosition();
                    await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !item.playingProperty().get()));

                    short[] heard = Sounds.samples(VirtualSpeaker.written());
                    assertThat((double) heard.length / said.length).as("duration heard at %s x", speed)
                            .isCloseTo(1 / speed, within(0.03));
                    assertThat(Pitch.median(heard, 16_000) / pitch).as("pitch at %s x", speed)
                            .isCloseTo(1, within(0.04));
                    assertThat((double) heardAtHalf / heard.length).as("heard when the card showed half, at %s x", speed)
                            .isBetween(0.4, 0.62);
                }
            } finally {
                bob.close();
            }
        }
        assertThat(Files.readString(settings.resolve(Settings.FILE_NAME)))
                .as("the speed is remembered").contains("playback.speed=2.0");
    }
}
