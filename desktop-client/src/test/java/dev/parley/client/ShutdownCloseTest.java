package dev.parley.client;

import dev.parley.client.net.Backoff;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.RelayConnection;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.RecordingEvents;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 11 item 20: what the shutdown hook does on SIGTERM: a close frame the relay answers, then the hosted relay. */
class ShutdownCloseTest {
    @TempDir
    Path dir;

    @Test
    void theHookLeavesWithACloseHandshakeAndStopsTheHostedRelay() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            RecordingEvents events = new RecordingEvents();
            RelayConnection alice = new RelayConnection(new JoinRequest(relay.address(), "alice", "lobby", null,
                    relay.fingerprint()), events, scheduler, new Backoff(new Random(1)), Clock.systemUTC());
            alice.connect();
            await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == ConnectionState.JOINED);
            bob.await(ServerMessage.Presence.class, p -> p.members().contains("alice"));

            AtomicBoolean hostedStopped = new AtomicBoolean();
            long started = System.nanoTime();
            new ShutdownClose(() -> alice, () -> hostedStopped.set(true)).run();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("the relay answered the close frame: no waiting out the timeout")
                    .isLessThan(Duration.ofMillis(ShutdownClose.WAIT_MILLIS));
            assertThat(hostedStopped).isTrue();
            assertThat(alice.state()).isEqualTo(ConnectionState.DISCONNECTED);
            bob.await(ServerMessage.Presence.class, p -> !p.members().contains("alice"));
            assertThat(alice.closeAndWait(100)).as("closing again is harmless").isTrue();
            bob.close();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void outsideARoomItOnlyStopsTheHostedRelay() {
        AtomicBoolean hostedStopped = new AtomicBoolean();
        new ShutdownClose(() -> null, () -> hostedStopped.set(true)).run();
        assertThat(hostedStopped).isTrue();
    }
}
