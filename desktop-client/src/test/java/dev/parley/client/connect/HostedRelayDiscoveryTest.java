package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.relay.discovery.LanAddresses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The relay the app hosts (on every interface) is announced under the user's nick on this computer's LAN
 * addresses, where the app's own discovery finds it (multicast sent on a LAN interface loops back to this host, so
 * another app on this computer finds it the same way).
 */
class HostedRelayDiscoveryTest {
    @TempDir
    Path dir;

    @Test
    void theHostedRelayIsAnnouncedUnderTheNickAtItsLanAddress() throws Exception {
        assumeFalse(LanAddresses.lan().isEmpty(), "this computer has no LAN interface to announce on");
        String nick = "host " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, FoundRelay> found = new ConcurrentHashMap<>();
        try (HostedRelay hosted = HostedRelay.start(dir, 0, null, nick);
             JmdnsRelayDiscovery discovery = JmdnsRelayDiscovery.onLan()) {
            discovery.start(recordingInto(found));
            FoundRelay relay = await().atMost(Duration.ofSeconds(30)).until(() -> found.values().stream()
                    .filter(r -> r.name().equals(nick)).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(relay.address()).isEqualTo(hosted.lanAddress());
            assertThat(relay.fingerprint()).isEqualTo(hosted.fingerprint());
        }
    }

    /**
     * The app joins the relay it hosts within a second of starting it, while multicast DNS is still announcing it;
     * the relay was then never listed anywhere (JmDNS strands a service whose text changes before it is announced).
     */
    @Test
    void aHostedRelayItsHostJoinedAtOnceIsListedWithThatPerson() throws Exception {
        assumeFalse(LanAddresses.lan().isEmpty(), "this computer has no LAN interface to announce on");
        String nick = "host " + UUID.randomUUID().toString().substring(0, 8);
        Map<String, FoundRelay> found = new ConcurrentHashMap<>();
        try (HostedRelay hosted = HostedRelay.start(dir, 0, null, nick)) {
            ProtocolClient host = ProtocolClient.join(hosted.localAddress().uri(), hosted.certificate(), nick, "lobby");
            try (JmdnsRelayDiscovery discovery = JmdnsRelayDiscovery.onLan()) {
                discovery.start(recordingInto(found));
                FoundRelay relay = await().atMost(Duration.ofSeconds(30)).until(() -> found.values().stream()
                        .filter(r -> r.name().equals(nick) && r.people() == 1).findFirst(), Optional::isPresent)
                        .orElseThrow();
                assertThat(relay.address()).isEqualTo(hosted.lanAddress());
            } finally {
                host.close();
            }
        }
    }

    private static RelayDiscovery.Listener recordingInto(Map<String, FoundRelay> found) {
        return new RelayDiscovery.Listener() {
            @Override
            public void found(FoundRelay relay) {
                found.put(relay.id(), relay);
            }

            @Override
            public void lost(String id) {
                found.remove(id);
            }

            @Override
            public void unavailable(RelayDiscovery.Unavailable why) {
                // asserted through what is found
            }
        };
    }

    @Test
    void notAnnouncedWithoutAName() throws Exception {
        try (HostedRelay hosted = HostedRelay.start(dir, 0, null, null)) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("parley-discovery"));
            assertThat(hosted.port()).isPositive();
        }
    }
}
