package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.testing.LoopbackMulticast;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The app's discovery finds a real relay announcing itself on the loopback interface, and sees it leave. */
class JmdnsRelayDiscoveryIntegrationTest {
    /** Announcing takes a few seconds; a relay that left is dropped at JmDNS's next cache sweep (every 10 s). */
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @BeforeAll
    static void multicastOnLoopback() {
        LoopbackMulticast.assumeAvailable();
    }

    /** Remembers what the discovery told, by id, and on which threads. */
    private static final class Recorder implements RelayDiscovery.Listener {
        final Map<String, FoundRelay> current = new ConcurrentHashMap<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        final List<RelayDiscovery.Unavailable> unavailable = new CopyOnWriteArrayList<>();

        @Override
        public void found(FoundRelay relay) {
            threads.add(Thread.currentThread().getName());
            current.put(relay.id(), relay);
        }

        @Override
        public void lost(String id) {
            current.remove(id);
        }

        @Override
        public void unavailable(RelayDiscovery.Unavailable why) {
            unavailable.add(why);
        }

        Optional<FoundRelay> named(String name) {
            return current.values().stream().filter(r -> r.name().equals(name)).findFirst();
        }
    }

    @Test
    void findsARelayWithItsAddressFingerprintAndPeopleThenLosesItWhenItStops() throws Exception {
        String name = "Studio " + UUID.randomUUID().toString().substring(0, 8);
        Recorder recorder = new Recorder();
        JmdnsRelayDiscovery discovery = JmdnsRelayDiscovery.on(List.of(LoopbackMulticast.LOOPBACK));
        TestRelay relay = TestRelay.announced(dir, name);
        try {
            discovery.start(recorder);
            FoundRelay found = await().atMost(WAIT).until(() -> recorder.named(name), Optional::isPresent).orElseThrow();
            assertThat(found.address()).isEqualTo(new RelayAddress("127.0.0.1", relay.address().port()));
            assertThat(found.fingerprint()).isEqualTo(relay.fingerprint());
            assertThat(found.protocol()).isEqualTo(Protocol.VERSION);
            assertThat(found.compatible()).isTrue();
            assertThat(found.people()).isZero();
            assertThat(recorder.threads).as("events come from JmDNS, never the caller").noneMatch(t -> t.equals("main"));
            assertThat(recorder.unavailable).isEmpty();

            relay.close();
            await().atMost(WAIT).until(() -> recorder.named(name).isEmpty());
        } finally {
            relay.close();
            discovery.close();
        }
        assertThat(discovery.awaitClosed(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void withNoAddressToLookOnItSaysSoAtOnce() {
        Recorder recorder = new Recorder();
        try (JmdnsRelayDiscovery discovery = JmdnsRelayDiscovery.on(List.of())) {
            discovery.start(recorder);
            await().atMost(WAIT).until(() -> recorder.unavailable.contains(RelayDiscovery.Unavailable.NO_NETWORK));
        }
    }
}
