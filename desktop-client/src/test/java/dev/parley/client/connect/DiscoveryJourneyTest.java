package dev.parley.client.connect;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.FakeDiscovery;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.client.testing.TestRelay;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The connect screen's list of relays on the network: pick one, connect, and the trust question checks its announcement. */
class DiscoveryJourneyTest {
    /** Announcing on the network takes a few seconds. */
    private static final Duration FOUND = Duration.ofSeconds(30);
    private static final String OTHER = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @TempDir
    Path dir;
    private final String name = "Studio " + UUID.randomUUID().toString().substring(0, 8);

    private static boolean listed(AppHarness h, String name) {
        return AppHarness.fx(() -> ((ListView<?>) h.node("#foundRelays")).getItems().stream()
                .anyMatch(r -> ((FoundEntry) r).relays().stream().anyMatch(relay -> relay.name().equals(name))));
    }

    @Test
    void aRelayFoundOnTheNetworkIsPickedAndTheTrustQuestionSaysItIsTheAnnouncedCertificate() throws Exception {
        LoopbackMulticast.assumeAvailable();
        try (TestRelay relay = TestRelay.announced(dir.resolve("relay"), name);
             AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")), s -> new NoVoiceIo("x"),
                     () -> JmdnsRelayDiscovery.on(List.of(LoopbackMulticast.LOOPBACK)))) {
            await().atMost(FOUND).until(() -> listed(h, name));
            assertThat(h.text("#relayField")).isEmpty();
            await().atMost(AppHarness.WAIT).until(() -> h.exists(name)); // its cell is drawn
            h.robot.clickOn(name);
            h.awaitText("#relayField", relay.address().toString());
            h.robot.clickOn("#nickField").write("alice");
            h.robot.clickOn("#connectButton");

            h.awaitNode("#trustAnnounced");
            assertThat(h.text("#trustAnnounced")).contains("This is the fingerprint").contains(name);
            assertThat(h.text("#trustFingerprint")).isEqualTo(Fingerprints.grouped(relay.fingerprint()));
            h.robot.clickOn("Trust");
            h.awaitJoined();
        }
    }

    @Test
    void aCertificateThatIsNotTheAnnouncedOneIsFlaggedAndCancelIsTheDefault() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            FakeDiscovery discovery = new FakeDiscovery();
            discovery.found(new FoundRelay("impostor", name, relay.address(), OTHER, 1, 3));
            try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")),
                    s -> new NoVoiceIo("x"), () -> discovery)) {
                await().atMost(AppHarness.WAIT).until(() -> listed(h, name));
                await().atMost(AppHarness.WAIT).until(() -> h.exists(name)); // its cell is drawn
                h.robot.clickOn(name);
                h.awaitText("#relayField", relay.address().toString());
                h.robot.clickOn("#nickField").write("alice");
                h.robot.clickOn("#connectButton");

                h.awaitNode("#trustAnnounced");
                assertThat(h.text("#trustAnnounced")).contains("NOT the fingerprint").contains(name);
                assertThat(h.text("#trustAnnouncedFingerprint")).isEqualTo(Fingerprints.grouped(OTHER));
                assertThat(AppHarness.fx(() -> ((javafx.scene.control.Button) h.robot.lookup("Cancel").query())
                        .isDefaultButton())).isTrue();
                h.robot.clickOn("Cancel");
                h.awaitText("#connectProblem", "not trusted");
                assertThat(h.app().session()).isNull();
            }
        }
    }

    @Test
    void withDiscoveryUnavailableTheListShowsAQuietHintAndATypedAddressConnects() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            FakeDiscovery discovery = new FakeDiscovery();
            discovery.unavailable(RelayDiscovery.Unavailable.FAILED);
            try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")),
                    s -> new NoVoiceIo("x"), () -> discovery)) {
                h.awaitText("#foundHint", "cannot be listed");
                assertThat(AppHarness.fx(() -> h.node("#foundHint").getStyleClass())).contains("hint");
                assertThat(h.text("#connectProblem")).isEmpty();

                h.robot.clickOn("#relayField").write(relay.address().toString());
                h.robot.clickOn("#nickField").write("alice");
                h.robot.clickOn("#connectButton");
                h.awaitNode("#trustFingerprint");
                assertThat(h.exists("#trustAnnounced")).as("nothing was announced there").isFalse();
                h.robot.clickOn("Trust");
                h.awaitJoined();
                assertThat(discovery.closed()).as("looking stops once joined").isTrue();
            }
        }
    }

    @Test
    void whenNothingIsFoundTheListSaysSoAfterAFewSeconds() throws Exception {
        FakeDiscovery discovery = new FakeDiscovery();
        try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")),
                s -> new NoVoiceIo("x"), () -> discovery)) {
            h.awaitText("#foundHint", "Looking for relays");
            long shown = System.nanoTime();
            h.awaitText("#foundHint", "No relays found yet — type an address above");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - shown))
                    .isLessThan(java.time.Duration.ofMillis(FoundRelaysViewModel.NONE_FOUND_AFTER_MILLIS + 3000));
        }
    }
}
