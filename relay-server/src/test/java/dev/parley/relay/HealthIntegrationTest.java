package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.Scrapes;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /health} of a real relay: 200 and ready while it admits members and its store answers; 503 saying why
 * from the moment it starts shutting down, and while its store cannot commit (ready again once a commit succeeds).
 */
class HealthIntegrationTest {
    private static final String READY_EMPTY = "{\"status\":\"ready\",\"members\":0,\"rooms\":0}";

    @TempDir
    Path dataDir;

    @Test
    void readyUntilTheRelayStartsShuttingDownThen503UntilItsListenerCloses() throws Exception {
        TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(new MetricsEndpoint("127.0.0.1", 0)));
        try {
            int port = MetricsIntegrationTest.metricsPort(relay);
            assertThat(Scrapes.get(port, "/health")).isEqualTo(new Scrapes.Answer(200, "application/json", READY_EMPTY));
            TestClient alice = relay.join("alice", "lobby");
            TestClient stalled = relay.join("stalled", "lobby");
            alice.awaitNext(ServerMessage.Presence.class);
            assertThat(Scrapes.get(port, "/health").body()).isEqualTo("{\"status\":\"ready\",\"members\":2,\"rooms\":1}");

            // a member that stops reading holds the shutdown up (the relay waits for its close answer): time to look
            stalled.stopReading();
            alice.chat("c1", "this one blocks the stalled client's reader");
            alice.awaitNext(ServerMessage.Chat.class); // delivered to both before the shutdown's close frames
            Thread closing = new Thread(relay::closeRelay, "test-close");
            closing.start();
            await().atMost(TestClient.WAIT).until(() -> Scrapes.get(port, "/health").status() == 503);
            assertThat(Scrapes.get(port, "/health").body())
                    .isEqualTo("{\"status\":\"unavailable\",\"reason\":\"shutting down\"}");
            stalled.resumeReading();
            closing.join(10_000);
            assertThat(closing.isAlive()).isFalse();
            assertThatThrownBy(() -> Scrapes.get(port, "/health")).as("the listener is gone with the relay")
                    .isInstanceOf(UncheckedIOException.class);
        } finally {
            relay.close();
        }
    }

    @Test
    void aStoreThatCannotCommitMakesTheRelayUnavailableUntilACommitSucceeds() throws IOException {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(new MetricsEndpoint("127.0.0.1", 0)))) {
            int port = MetricsIntegrationTest.metricsPort(relay);
            TestClient alice = relay.join("alice", "lobby");
            TestClient bob = relay.join("bob", "lobby");
            alice.awaitNext(ServerMessage.Presence.class);

            // the clips folder becomes a file: the next clip's commit fails, as on a broken or read-only disk
            Path clips = dataDir.resolve("clips");
            if (Files.exists(clips)) {
                try (Stream<Path> files = Files.walk(clips)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.writeString(clips, "not a folder");
            alice.voice("v1", Clips.ofMillis(300, 16_000, 1));
            assertThat(alice.awaitClose()).isEqualTo(CloseCodes.SERVER_ERROR);
            assertThat(bob.awaitNext(ServerMessage.Presence.class).event()).isEqualTo(ServerMessage.Presence.Event.LEAVE);

            Scrapes.Answer broken = Scrapes.get(port, "/health");
            assertThat(broken.status()).isEqualTo(503);
            assertThat(broken.body()).isEqualTo("{\"status\":\"unavailable\",\"reason\":\"the store's latest commit failed\"}");
            assertThat(Scrapes.metrics(port)).containsEntry("parley_store_healthy", 0.0)
                    .containsEntry("parley_store_commit_failures_total", 1.0)
                    .containsEntry("parley_messages_stored_total{kind=\"voice\"}", 0.0);

            // a chat needs no clip file: its commit succeeds, and the relay is ready again
            bob.chat("c1", "still here");
            assertThat(bob.awaitNext(ServerMessage.Chat.class).text()).isEqualTo("still here");
            assertThat(Scrapes.get(port, "/health"))
                    .isEqualTo(new Scrapes.Answer(200, "application/json", "{\"status\":\"ready\",\"members\":1,\"rooms\":1}"));
            assertThat(Scrapes.metrics(port)).containsEntry("parley_store_healthy", 1.0)
                    .containsEntry("parley_messages_stored_total{kind=\"chat\"}", 1.0);
        }
    }
}
