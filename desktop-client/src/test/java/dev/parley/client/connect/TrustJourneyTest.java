package dev.parley.client.connect;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.settings.Settings;
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
import static org.awaitility.Awaitility.await;

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
            h.awaitText("#roomPreview", "You will join #my-room");
            h.robot.clickOn("#roomField").eraseText(7).write("my/room");
            h.robot.clickOn("#nickField").write("bad/nick");
            h.robot.clickOn("#connectButton");
            h.awaitText("#relayError", "relay’s address");
            assertThat(h.text("#nickError")).contains("letters, digits");
            assertThat(h.text("#roomError")).contains("a–z");
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
            await().atMost(AppHarness.WAIT).untilAsserted(() ->
                    assertThat(settings.resolve(Settings.FILE_NAME)).content().contains("nick=alice"));
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

    private static final String OLD =
            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    private void showsTheChange(AppHarness h, String old, String now) {
        h.awaitNode("#trustChangedDialog");
        assertThat(h.text("#trustOldFingerprint")).isEqualTo(Fingerprints.grouped(old));
        assertThat(h.text("#trustNewFingerprint")).isEqualTo(Fingerprints.grouped(now));
        assertThat(h.text("#trustChangedText")).contains("different certificate");
        assertThat(h.fx(() -> ((Button) h.node("#disconnectButton")).isDefaultButton())).as("the safe choice is the default").isTrue();
        assertThat(h.fx(() -> ((Button) h.node("#trustNewButton")).isDefaultButton())).isFalse();
        assertThat(h.text("#trustNewButton")).isEqualTo("Trust the new certificate");
    }

    @Test
    void aChangedCertificateShowsBothFingerprintsAndCanBeTrustedToJoin() throws Exception {
        Path settings = dir.resolve("settings");
        new KnownHosts(settings).trust(relay.address(), OLD);
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            showsTheChange(h, OLD, relay.fingerprint());
            assertThat(h.text("#connectProblem")).contains("not the one you trusted");
            assertThat(h.app().session()).isNull();
            h.robot.clickOn("#trustNewButton");
            h.awaitJoined();
            h.awaitText("#statusLine", "Connected to " + relay.address());
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).contains(relay.fingerprint());
        }
    }

    @Test
    void disconnectingAtAChangedCertificateKeepsTheOldTrustAndStaysOnTheConnectScreen() throws Exception {
        Path settings = dir.resolve("settings");
        new KnownHosts(settings).trust(relay.address(), OLD);
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            showsTheChange(h, OLD, relay.fingerprint());
            h.robot.clickOn("#disconnectButton");
            h.awaitText("#connectProblem", "not the one you trusted");
            assertThat(h.app().session()).isNull();
            assertThat(h.fx(() -> ((Button) h.node("#connectButton")).isDisabled())).isFalse();
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).contains(OLD);
        }
    }

    @Test
    void aCertificateChangedWhileInTheRoomCanBeTrustedAndTheRoomJoinedAgain() throws Exception {
        Path settings = dir.resolve("settings");
        try (AppHarness h = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), settings),
                s -> new NoVoiceIo("x"))) {
            h.awaitJoined();
            String before = relay.fingerprint();
            relay.stop();
            Files.delete(dir.resolve("relay").resolve("relay-certificate.p12")); // reinstalled: a new certificate
            relay.start();
            assertThat(relay.fingerprint()).isNotEqualTo(before);
            showsTheChange(h, before, relay.fingerprint());
            var first = h.app().session();
            h.robot.clickOn("#trustNewButton");
            org.awaitility.Awaitility.await().atMost(AppHarness.WAIT).until(() -> h.app().session() != first);
            h.awaitText("#statusLine", "Connected to " + relay.address() + " as alice");
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).contains(relay.fingerprint());
        }
    }

    @Test
    void disconnectingAtACertificateChangedInTheRoomGoesBackToTheConnectScreen() throws Exception {
        Path settings = dir.resolve("settings");
        try (AppHarness h = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), settings),
                s -> new NoVoiceIo("x"))) {
            h.awaitJoined();
            String before = relay.fingerprint();
            relay.stop();
            Files.delete(dir.resolve("relay").resolve("relay-certificate.p12"));
            relay.start();
            showsTheChange(h, before, relay.fingerprint());
            h.robot.clickOn("#disconnectButton");
            h.awaitNode("#connectButton");
            assertThat(h.exists("#composer")).isFalse();
            assertThat(h.app().session()).isNull();
            assertThat(h.text("#connectProblem")).contains("not the one you trusted");
        }
    }

    @Test
    void aRelayForgottenInSettingsIsAskedAboutAgainAfterLeavingTheRoom() throws Exception {
        Path settings = dir.resolve("settings");
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(settings), s -> new NoVoiceIo("x"))) {
            fillIn(h, "alice");
            h.robot.clickOn("#connectButton");
            h.awaitNode("#trustFingerprint");
            h.robot.clickOn("Trust");
            h.awaitJoined();

            h.robot.clickOn("#settingsButton");
            h.awaitNode("#trustedRelays");
            String forget = "#forget-" + relay.address().key().replaceAll("[^A-Za-z0-9]", "-");
            h.robot.clickOn(forget);
            h.awaitText("#trustedRelays .label", "No relay remembered yet.");
            assertThat(new KnownHosts(settings).fingerprint(relay.address())).isEmpty();
            h.robot.clickOn("Cancel");

            h.robot.clickOn("#leaveButton");
            h.awaitNode("#connectButton");
            assertThat(h.app().session()).isNull();
            assertThat(h.text("#nickField")).as("the form as it was").isEqualTo("alice");
            h.robot.clickOn("#connectButton");
            h.awaitNode("#trustFingerprint");
            h.robot.clickOn("Trust");
            h.awaitJoined();
        }
    }
}
