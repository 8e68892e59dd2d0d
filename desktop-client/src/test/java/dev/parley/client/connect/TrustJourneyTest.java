package dev.parley.client.connect;

import dev.parley.client.chat.NoVoiceIo;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.TestRelay;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Connect screen, validation, trust on first use, and refusal of a changed certificate, in the real window. */
class TrustJourneyTest {
    @TempDir
    Path dir;
    private TestRelay relay;

    @BeforeEach
    void start() {
        relay = new TestRelay(dir.resolve("relay"));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private void fillIn(AppHarness h, String nick) {
        h.robot.clickOn("#relayField").write(relay.address().toString());
        h.robot.clickOn("#nickField").write(nick);
    }

    @Test
    void validationShowsUnderTheFieldsBeforeConnecting() throws Exception {
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")), s -> new NoVoiceIo("x"))) {
            h.robot.clickOn("#roomField").eraseText(5).write("My Room");
            h.robot.clickOn("#nickField").write("bad/nick");
            h.robot.clickOn("#connectButton");
            h.awaitText("#relayError", "relay’s address");
            assertThat(h.text("#nickError")).contains("letters, digits");
            assertThat(h.text("#roomError")).contains("no spaces");
            assertThat(h.app().session()).isNull();
            h.robot.clickOn("#roomField").eraseText(7).write("team");
            h.awaitText("#roomError", "");
            assertThat(h.fx(() -> h.node("#roomError").isVisible())).isFalse();
        }
    }

    @Test
    void firstUseAsksWithTheFingerprintThenRemembersIt() throws Exception {
        Path settings = dir.resolve("settings");
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            h.awaitNode("#trustFingerprint");
            assertThat(h.text("#trustFingerprint")).isEqualTo(Fingerprints.grouped(relay.fingerprint()));
            h.robot.clickOn("Trust");
            h.awaitJoined();
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).contains(relay.fingerprint());
            assertThat(Files.readString(settings.resolve("settings.properties"))).contains("nick=alice");
        }
        // next start: remembered fields, no question
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            assertThat(h.text("#nickField")).isEqualTo("alice");
            assertThat(h.text("#relayField")).isEqualTo(relay.address().toString());
            h.robot.clickOn("#connectButton");
            h.awaitJoined();
            assertThat(h.exists("#trustFingerprint")).isFalse();
        }
    }

    @Test
    void cancellingTheQuestionDoesNotConnect() throws Exception {
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            h.awaitNode("#trustFingerprint");
            h.robot.clickOn("Cancel");
            h.awaitText("#connectProblem", "not trusted");
            assertThat(h.app().session()).isNull();
            assertThat(h.fx(() -> ((Button) h.node("#connectButton")).isDisabled())).isFalse();
        }
    }

    @Test
    void aChangedCertificateIsRefusedWithAWarningThatSaysHowToReset() throws Exception {
        Path settings = dir.resolve("settings");
        String old = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
        new KnownHosts(settings).trust(relay.address(), old);
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            h.awaitNode("#trustChangedText");
            String warning = h.text("#trustChangedText");
            assertThat(warning).contains(Fingerprints.grouped(old)).contains(Fingerprints.grouped(relay.fingerprint()))
                    .contains(relay.address().key()).contains(settings.resolve(KnownHosts.FILE_NAME).toString());
            assertThat(h.text("#connectProblem")).contains("not the one you trusted");
            assertThat(h.app().session()).isNull();
            assertThat(h.exists("#trustFingerprint")).as("never offered to trust it").isFalse();
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).contains(old);
        }
    }
}
