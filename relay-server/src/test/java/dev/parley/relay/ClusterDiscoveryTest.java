package dev.parley.relay;

import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.testing.ClusterServers;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.relay.testing.ServiceBrowser;
import dev.parley.relay.testing.ServiceBrowser.Seen;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relays of one cluster (one PostgreSQL database, one NATS) announce the same cluster key on the LAN, so the app lists
 * them once; a relay on its own (SQLite, or PostgreSQL without a bus) announces none. Real PostgreSQL and nats-server,
 * multicast DNS on the loopback interface, an independent JmDNS browser.
 */
class ClusterDiscoveryTest {
    @RegisterExtension
    static final ClusterServers servers = new ClusterServers();
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    @TempDir
    Path dirC;

    @BeforeAll
    static void multicast() {
        LoopbackMulticast.assumeAvailable();
    }

    @Test
    void theRelaysOfOneClusterAnnounceItsIdentityAndARelayOnItsOwnDoesNot() {
        String url = servers.postgres().createDatabase("discovery_" + tag.replace('-', '_'));
        String clusterName = "site-" + tag;
        try (ServiceBrowser browser = ServiceBrowser.on(LoopbackMulticast.LOOPBACK);
             TestRelay a = TestRelay.start(dirA, c -> c.withDiscovery(true).withName("relay A " + tag)
                     .withDatabase(url).withCluster(ClusterOptions.parse(servers.nats().url(), clusterName)));
             TestRelay b = TestRelay.start(dirB, c -> c.withDiscovery(true).withName("relay B " + tag)
                     .withDatabase(url).withCluster(ClusterOptions.parse(servers.nats().url(), clusterName)));
             TestRelay alone = TestRelay.start(dirC, c -> c.withDiscovery(true).withName("alone " + tag))) {
            Seen seenA = browser.await(ServiceBrowser.named("relay A " + tag));
            Seen seenB = browser.await(ServiceBrowser.named("relay B " + tag));
            Seen seenAlone = browser.await(ServiceBrowser.named("alone " + tag));

            assertThat(seenA.txt(Announcement.KEY_CLUSTER)).matches("[0-9a-f]{16}")
                    .isEqualTo(seenB.txt(Announcement.KEY_CLUSTER));
            assertThat(seenA.txt(Announcement.KEY_CLUSTER_NAME)).isEqualTo(clusterName);
            assertThat(seenB.txt(Announcement.KEY_CLUSTER_NAME)).isEqualTo(clusterName);
            assertThat(seenAlone.txt(Announcement.KEY_CLUSTER)).isNull();
            assertThat(seenAlone.txt(Announcement.KEY_CLUSTER_NAME)).isNull();
            // each relay still says who it is: discovery groups relays, it never vouches for one's certificate
            assertThat(seenA.txt(Announcement.KEY_FINGERPRINT)).isEqualTo(a.relay().fingerprint());
            assertThat(seenB.txt(Announcement.KEY_FINGERPRINT)).isEqualTo(b.relay().fingerprint());
        }
    }

    @Test
    void aRelayOnPostgresqlWithoutABusIsNotAnnouncedAsACluster() {
        String url = servers.postgres().createDatabase("nobus_" + tag.replace('-', '_'));
        try (ServiceBrowser browser = ServiceBrowser.on(LoopbackMulticast.LOOPBACK);
             TestRelay relay = TestRelay.start(dirA, c -> c.withDiscovery(true).withName("no bus " + tag)
                     .withDatabase(url))) {
            Seen seen = browser.await(ServiceBrowser.named("no bus " + tag));
            assertThat(seen.txt(Announcement.KEY_FINGERPRINT)).isEqualTo(relay.relay().fingerprint());
            assertThat(seen.txt(Announcement.KEY_CLUSTER)).isNull();
        }
    }
}
