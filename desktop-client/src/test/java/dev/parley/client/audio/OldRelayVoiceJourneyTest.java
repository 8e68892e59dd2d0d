package dev.parley.client.audio;

import com.google.gson.JsonParser;
import dev.parley.client.AppOptions;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.OldRelay;
import dev.parley.protocol.Protocol;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window, real Java Sound on the virtual microphone, and a relay that speaks only protocol 1: the person
 * sees an ordinary "Connected" (nothing about the refused version 2), holds the key, and the recording reaches the
 * relay once, whole, as a version-1 voice message.
 *
 * <p>On a relay of protocol 2 the window streams while the key is held ({@code LiveVoiceJourneyTest}); here the
 * check that only typing states reach the relay besides the clip shows that nothing of version 2 is tried on a
 * session joined on version 1.
 */
@ExtendWith(VirtualDevices.class)
class OldRelayVoiceJourneyTest {
    @TempDir
    Path dir;

    private static byte[] spokenHello() throws Exception {
        try (InputStream in = OldRelayVoiceJourneyTest.class.getResourceAsStream("spoken-hello.wav")) {
            return in.readAllBytes();
        }
    }

    @Test
    void pushToTalkOnAVersion1RelaySendsTheWholeClipOnceAndShowsNoError() throws Exception {
        VirtualMicrophone.feed(spokenHello());
        try (OldRelay relay = new OldRelay(dir.resolve("old-relay"));
             AppHarness app = AppHarness.launch(new AppOptions(relay.address().toString(), "alice", "lobby",
                     relay.fingerprint(), null, false, 0, dir.resolve("s"), false),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            app.awaitText("#statusLine", "Connected to");
            assertThat(relay.askedVersions()).containsExactly(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1);

            app.robot.clickOn("#composer");
            app.robot.press(KeyCode.F8);
            await().atMost(AppHarness.WAIT).until(() -> VirtualMicrophone.allLines().stream()
                    .anyMatch(l -> l.getLongFramePosition() >= 16_000));
            app.robot.release(KeyCode.F8);

            await().atMost(AppHarness.WAIT).until(() -> relay.binaries.size() == 1);
            TimelineItem mine = AppHarness.fx(() -> app.app().session().model().timeline().stream()
                    .filter(i -> i.kind() == TimelineItem.Kind.VOICE && i.mine()).findFirst().orElseThrow());
            await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !mine.pendingProperty().get()));
            OldRelay.Binary sent = relay.binaries.get(0);
            assertThat(sent.type()).isEqualTo("voice");
            assertThat(sent.id()).isEqualTo(mine.id());
            assertThat(sent.payload()).as("the recording as the app keeps it").isEqualTo(mine.clip().load());
            assertThat(relay.binaries).hasSize(1);
            assertThat(relay.texts).as("only typing states besides the clip: no live-voice message")
                    .allSatisfy(t -> assertThat(JsonParser.parseString(t).getAsJsonObject().get("type").getAsString())
                            .isEqualTo("typing"));
            assertThat(relay.errorsSent).isEmpty();
            assertThat(AppHarness.fx(() -> mine.failureProperty().get())).isNull();
            assertThat(app.text("#statusLine")).startsWith("Connected to").doesNotContain("protocol");
            assertThat(relay.askedVersions()).hasSize(3);
        }
    }
}
