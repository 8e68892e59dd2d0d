package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.discovery.RelayDiscovery;
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
 * addresses, where the app's own discovery finds it (multicast sent on a LAN interface loops back to this host).
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
            discovery.start(new RelayDiscovery.Listener() {
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
            });
            FoundRelay relay = await().atMost(Duration.ofSeconds(30)).until(() -> found.values().stream()
                    .filter(r -> r.name().equals(nick)).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(relay.address()).isEqualTo(hosted.lanAddress());
            assertThat(relay.fingerprint()).isEqualTo(hosted.fingerprint());
        }
    }

    @Test
    void notAnnouncedWithoutAName() throws Exception {
        try (HostedRelay hosted = HostedRelay.start(dir, 0, null, null)) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("parley-discovery"));
            assertThat(hosted.port()).isPositive();
        }
    }
}
