package dev.parley.relay;

import dev.parley.protocol.Protocol;
import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.relay.testing.ServiceBrowser;
import dev.parley.relay.testing.ServiceBrowser.Seen;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.Threads;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay on 127.0.0.1 announced over multicast DNS on the loopback interface, seen by an independent JmDNS
 * browser in this JVM. (DiscoveryNamespaceIntegrationTest does the same across two network namespaces.)
 */
class DiscoveryIntegrationTest {
    @TempDir
    Path dir;
    private final String id = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void multicastOnLoopback() {
        LoopbackMulticast.assumeAvailable();
    }

    @Test
    void announcesVersionNameFingerprintAndPeopleThenWithdrawsOnClose() {
        Set<Thread> before = Threads.live();
        String name = "Zoë’s relay 中文 " + id;
        try (ServiceBrowser browser = ServiceBrowser.on(LoopbackMulticast.LOOPBACK)) {
            TestRelay relay = TestRelay.start(dir, c -> c.withDiscovery(true).withName(name));
            Seen seen = browser.await(ServiceBrowser.named(name));
            assertThat(seen.port()).isEqualTo(relay.port());
            assertThat(seen.addresses()).containsExactly("127.0.0.1");
            assertThat(seen.txt(Announcement.KEY_PROTOCOL)).isEqualTo(Integer.toString(Protocol.VERSION));
            assertThat(seen.txt(Announcement.KEY_FINGERPRINT)).isEqualTo(relay.relay().fingerprint());
            assertThat(seen.txt(Announcement.KEY_PEOPLE)).isEqualTo("0");
            assertThat(seen.instance()).isEqualTo(name);

            TestClient alice = relay.join("alice", "lobby");
            relay.join("bob", "team");
            browser.await(ServiceBrowser.named(name).and(s -> "2".equals(s.txt(Announcement.KEY_PEOPLE))));
            alice.dispose();
            browser.await(ServiceBrowser.named(name).and(s -> "1".equals(s.txt(Announcement.KEY_PEOPLE))));

            long closing = System.nanoTime();
            relay.close();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("close waits for the goodbye, not longer")
                    .isLessThan(Duration.ofSeconds(8));
            browser.awaitGone(ServiceBrowser.named(name));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Threads.startedSince(before))
                .as("threads still running after close").isEmpty());
    }

    /**
     * A relay joined before JmDNS has finished announcing it (the app joins the relay it hosts within a second):
     * the people count must not be announced before the service is, or JmDNS strands the service and nobody ever
     * finds the relay.
     */
    @Test
    void aRelayJoinedWhileItIsStillBeingAnnouncedIsFoundWithItsPeople() {
        String name = "joined at once " + id;
        try (ServiceBrowser browser = ServiceBrowser.on(LoopbackMulticast.LOOPBACK);
             TestRelay relay = TestRelay.start(dir, c -> c.withDiscovery(true).withName(name))) {
            relay.join("alice", "lobby");
            Seen seen = browser.await(ServiceBrowser.named(name).and(s -> "1".equals(s.txt(Announcement.KEY_PEOPLE))));
            assertThat(seen.port()).isEqualTo(relay.port());
        }
    }

    @Test
    void aRelayWithDiscoveryOffStartsNoResponder() {
        // the black-box check (a browser never sees it) is DiscoveryNamespaceIntegrationTest's, for --no-discovery
        Set<Thread> before = Threads.live();
        try (TestRelay quiet = TestRelay.start(dir, c -> c.withName("quiet " + id))) {
            assertThat(quiet.config().discovery()).isFalse();
            List<Thread> started = Threads.startedSince(before);
            assertThat(started).as(Threads.describe(started))
                    .noneMatch(t -> t.getName().contains("discovery") || t.getName().contains("JmDNS"));
        }
    }
}
