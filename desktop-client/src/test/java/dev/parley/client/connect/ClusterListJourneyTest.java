package dev.parley.client.connect;

import dev.parley.client.settings.Settings;
import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.net.Fingerprints;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.FakeDiscovery;
import dev.parley.client.testing.TestRelay;
import dev.parley.relay.discovery.Announcement;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The list of relays on the network, in the real window: two relays of one cluster and one relay on its own are two
 * rows; choosing the cluster connects to its relay found first, whose certificate is asked about as any relay's.
 */
class ClusterListJourneyTest {
    private static final String OTHER = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
    private static final Announcement.Cluster SITE = new Announcement.Cluster("3f2a9c1e0b7d4e58", "site-b");

    @TempDir
    Path dir;

    private static List<String> rows(AppHarness h) {
        return AppHarness.fx(() -> ((ListView<?>) h.node("#foundRelays")).getItems().stream()
                .map(r -> ((FoundEntry) r).key()).toList());
    }

    @Test
    void twoRelaysOfOneClusterAndOneOnItsOwnAreTwoRowsAndTheClusterConnectsToItsFirstRelay() throws Exception {
        try (TestRelay first = new TestRelay(dir.resolve("relay"))) {
            FakeDiscovery discovery = new FakeDiscovery();
            discovery.found(new FoundRelay("warehouse-1", "仓库 north", first.address(), first.fingerprint(), 1, 2,
                    SITE));
            discovery.found(new FoundRelay("warehouse-2", "仓库 south", new RelayAddress("10.9.9.9", 55555), OTHER, 1,
                    3, SITE));
            discovery.found(new FoundRelay("attic", "Attic", new RelayAddress("10.9.9.10", 55555), OTHER, 1, 0));
            try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")),
                    s -> new NoVoiceIo("x"), () -> discovery)) {
                await().atMost(AppHarness.WAIT).until(() -> rows(h).size() == 2);
                assertThat(rows(h)).containsExactly("relay:attic", "cluster:3f2a9c1e0b7d4e58");
                await().atMost(AppHarness.WAIT).until(() -> h.exists("Cluster site-b")); // its cell is drawn
                assertThat(h.exists("2 relays in a cluster · 5 people online")).isTrue();
                assertThat(h.exists("Attic")).isTrue();
                assertThat(h.exists("仓库 north")).as("a cluster's relays are not rows of their own").isFalse();

                h.robot.clickOn("Cluster site-b");
                h.awaitText("#relayField", first.address().toString());
                h.robot.clickOn("#nickField").write("alice");
                h.robot.clickOn("#connectButton");

                // trust on first use for that relay, checked against its own announcement: the cluster vouches nothing
                h.awaitNode("#trustAnnounced");
                assertThat(h.text("#trustAnnounced")).contains("This is the fingerprint").contains("仓库 north");
                assertThat(h.text("#trustFingerprint")).isEqualTo(Fingerprints.grouped(first.fingerprint()));
                h.robot.clickOn("Trust");
                h.awaitJoined();
            }
        }
    }

    @Test
    void whenTheClustersFirstRelayDoesNotAnswerTheNextOneIsTriedAndAskedAboutAsAnyRelay() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        try (TestRelay second = new TestRelay(dir.resolve("relay"))) {
            FakeDiscovery discovery = new FakeDiscovery();
            discovery.found(new FoundRelay("gone", "Warehouse", new RelayAddress("127.0.0.1", closedPort), OTHER, 1, 1,
                    SITE));
            discovery.found(new FoundRelay("up", "Warehouse", second.address(), second.fingerprint(), 1, 2, SITE));
            try (AppHarness h = AppHarness.launch(AppHarness.connectScreen(dir.resolve("settings")),
                    s -> new NoVoiceIo("x"), () -> discovery)) {
                await().atMost(AppHarness.WAIT).until(() -> h.exists("2 relays in a cluster · 3 people online"));
                assertThat(rows(h)).containsExactly("cluster:3f2a9c1e0b7d4e58");
                h.robot.clickOn("Warehouse");
                h.awaitText("#relayField", "wss://127.0.0.1:" + closedPort);
                h.robot.clickOn("#nickField").write("alice");
                h.robot.clickOn("#connectButton");

                h.awaitNode("#trustAnnounced");
                assertThat(h.text("#relayField")).isEqualTo(second.address().toString());
                assertThat(h.text("#trustFingerprint")).isEqualTo(Fingerprints.grouped(second.fingerprint()));
                assertThat(h.text("#trustAnnounced")).contains("This is the fingerprint");
                h.robot.clickOn("Trust");
                h.awaitJoined();
                await().atMost(AppHarness.WAIT).untilAsserted(() ->
                        assertThat(Settings.load(dir.resolve("settings")).relayProperty().get())
                                .as("the next start offers the relay that answered")
                                .isEqualTo(second.address().toString()));
            }
        }
    }
}
