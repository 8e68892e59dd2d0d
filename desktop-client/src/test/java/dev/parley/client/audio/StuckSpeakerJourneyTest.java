package dev.parley.client.audio;

import dev.parley.client.chat.TimelineItem;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import javafx.application.Platform;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window with real Java Sound on a virtual speaker whose driver gets stuck (stop, drain, flush and close hang
 * until the test lets them go): the window keeps answering while the speaker hangs, and once it comes back the
 * playback ends cleanly, with no player thread left and no line open ({@link VirtualDevices} checks after each test).
 */
@ExtendWith(VirtualDevices.class)
class StuckSpeakerJourneyTest {
    @TempDir
    Path dir;

    /** How long each of five tasks handed to the FX thread waited before it ran, in milliseconds, sorted. */
    private static List<Long> fxDelays() throws InterruptedException {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            long asked = System.nanoTime();
            Platform.runLater(ran::countDown);
            assertThat(ran.await(2, TimeUnit.SECONDS)).as("the FX thread ran a task within 2 s").isTrue();
            delays.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
        }
        Collections.sort(delays);
        return delays;
    }

    private AppHarness appWithAClipFromBob(TestRelay relay, byte[] spoken) throws Exception {
        AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                s -> JavaSoundVoiceIo.following(() -> "", () -> ""));
        app.awaitJoined();
        ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        try {
            bob.voice("v-hello", spoken);
            app.awaitNode(".voice-card .play-button");
        } finally {
            bob.close();
        }
        return app;
    }

    @Test
    void whileTheSpeakerHangsOnPauseTheWindowAnswersAndTheClipThenPlaysToItsEnd() throws Exception {
        byte[] spoken = VirtualSound.spoken("spoken-hello.wav");
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = appWithAClipFromBob(relay, spoken)) {
            Node play = app.node(".voice-card .play-button");
            app.robot.clickOn(play);
            await().atMost(AppHarness.WAIT).until(() -> VirtualSpeaker.written().length > 0);

            SpeakerGate.hang();
            app.robot.clickOn(play); // pause: the driver's stop hangs
            await().atMost(AppHarness.WAIT).until(() -> SpeakerGate.waiting() == 1);

            assertThat(fxDelays()).as("the window answers while the speaker hangs")
                    .satisfies(d -> assertThat(d.get(d.size() / 2)).as("median, ms").isLessThan(100));
            app.robot.clickOn(app.node(".voice-card .speed-button"));
            assertThat(app.text(".voice-card .speed-button")).as("a button still works").isEqualTo("1.5\u00d7");
            app.robot.clickOn(play); // resume, behind the pause still hanging
            assertThat(SpeakerGate.waiting()).as("still stuck").isEqualTo(1);

            SpeakerGate.letGo();
            TimelineItem item = AppHarness.fx(() -> app.app().session().model().timeline().get(0));
            await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !item.playingProperty().get()
                    && app.app().session().playback().currentProperty().get() == null));
            assertThat(VirtualSpeaker.written().length).as("it played on to its end, at 1.5x from the pause")
                    .isGreaterThan(Sounds.pcm(spoken).length / 2);
        }
    }

    @Test
    void leavingWhileTheSpeakerHangsClosesTheWindowAtOnceAndTheSpeakerIsClosedOnceItComesBack() throws Exception {
        byte[] spoken = VirtualSound.spoken("spoken-hello.wav");
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            AppHarness app = appWithAClipFromBob(relay, spoken);
            try {
                app.robot.clickOn(app.node(".voice-card .play-button"));
                await().atMost(AppHarness.WAIT).until(() -> VirtualSpeaker.written().length > 0);
                SpeakerGate.hang();
                app.robot.clickOn(app.node(".voice-card .play-button")); // pause: hangs in the driver
                await().atMost(AppHarness.WAIT).until(() -> SpeakerGate.waiting() == 1);
            } finally {
                long closing = System.nanoTime();
                app.close(); // leaves the room: the playback's stop waits behind the stuck pause, not the window
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("closing the window")
                        .isLessThan(Duration.ofSeconds(5));
                assertThat(SpeakerGate.waiting()).as("the speaker still hangs").isEqualTo(1);
                SpeakerGate.letGo();
            }
            await().atMost(AppHarness.WAIT).until(() -> !VirtualDevices.audioThreadAlive()
                    && VirtualSpeaker.openLines() == 0);
        }
    }
}
