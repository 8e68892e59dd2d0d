package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.PostgresDatabases;
import dev.parley.relay.testing.PostgresServer;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.Scrapes;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Relays started with {@code --database jdbc:postgresql://...} (the config's {@code database}), over real TLS: what
 * one relay stored, another relay on the same database replays, numbered on; a restarted relay keeps it all; while
 * the database is down a message is refused with the retryable close and {@code /health} says why, and the relay
 * takes the resent message once the database is back.
 */
class PostgresRelayTest {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases();

    @TempDir
    Path dir;

    private TestRelay relay(String url, String name) {
        return TestRelay.start(dir.resolve(name), c -> c.withDatabase(url));
    }

    @Test
    void whatOneRelayStoredAnotherReplaysByteForByteAndNumbersOn() {
        String url = postgres.newDatabase("relays_share").url();
        byte[] clip = Clips.ofMillis(400, 16_000, 1);
        try (TestRelay a = relay(url, "a"); TestRelay b = relay(url, "b")) {
            TestClient alice = a.join("alice", "lobby");
            alice.chat("c-1", "stored in PostgreSQL");
            Chat chat = alice.awaitNext(Chat.class);
            alice.voice("v-1", clip);
            ReceivedVoice voice = alice.awaitNext(ReceivedVoice.class);
            assertThat(List.of(chat.seq(), voice.seq())).containsExactly(1L, 2L);

            TestClient bob = b.connect("bob");
            assertThat(bob.join("bob", "lobby", 0L).lastSeq()).isEqualTo(2);
            assertThat(bob.awaitNext(Chat.class)).isEqualTo(chat.asReplay());
            ReceivedVoice replayed = bob.awaitNext(ReceivedVoice.class);
            assertThat(replayed.header()).isEqualTo(voice.header().asReplay());
            assertThat(replayed.clip()).isEqualTo(clip);
            bob.chat("c-2", "through the other relay");
            assertThat(bob.awaitNext(Chat.class).seq()).as("one seq for the room, whichever relay stores").isEqualTo(3);
            bob.chat("c-2", "resent to the other relay");
            assertThat(bob.awaitNext(Chat.class).text()).as("a duplicate is answered with the stored copy")
                    .isEqualTo("through the other relay");

            a.restart();
            TestClient carol = a.connect("carol");
            assertThat(carol.join("carol", "lobby", 0L).lastSeq()).isEqualTo(3);
            List<Object> replay = carol.awaitItems(3, TestClient.WAIT);
            assertThat(replay).hasSize(3);
            assertThat(((ReceivedVoice) replay.get(1)).clip()).isEqualTo(clip);
            assertThat(((Chat) replay.get(2)).text()).isEqualTo("through the other relay");
        }
        assertThat(Files.exists(dir.resolve("a").resolve("messages.db"))).as("nothing stored in SQLite").isFalse();
    }

    @Test
    void whileTheDatabaseIsDownAMessageIsRefusedRetryablyAndTakenWhenItIsBack() throws Exception {
        PostgresDatabases.Database database = postgres.newDatabase("relay_outage");
        try (TestRelay relay = TestRelay.start(dir.resolve("outage"),
                c -> c.withDatabase(database.url()).withMetrics(new MetricsEndpoint("127.0.0.1", 0)))) {
            int metrics = MetricsIntegrationTest.metricsPort(relay);
            TestClient alice = relay.join("alice", "lobby");
            alice.chat("c-1", "before");
            assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(1);

            postgres.server().stop();
            try {
                long start = System.nanoTime();
                alice.chat("c-2", "during");
                assertThat(alice.awaitClose(Duration.ofSeconds(15))).isEqualTo(CloseCodes.SERVER_ERROR);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
                Scrapes.Answer health = Scrapes.get(metrics, "/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.body()).contains("127.0.0.1:" + postgres.server().port() + "/" + database.name())
                        .doesNotContain(PostgresServer.PASSWORD);
            } finally {
                postgres.server().restart();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Scrapes.get(metrics, "/health").status() == 200);
            TestClient again = relay.join("alice", "lobby", 1L);
            again.chat("c-2", "during");
            Chat stored = again.awaitNext(Chat.class);
            assertThat(stored.seq()).isEqualTo(2);
            assertThat(stored.replay()).isFalse();
            assertThat(stored.text()).isEqualTo("during");
        }
    }

    @Test
    void aRelayWhoseDatabaseCannotBeReachedDoesNotStart() {
        String nowhere = "jdbc:postgresql://127.0.0.1:1/parley";
        assertThatThrownBy(() -> relay(nowhere, "nowhere"))
                .hasRootCauseMessage("Connection refused")
                .hasMessageContaining("cannot connect to the database 127.0.0.1:1/parley");
    }
}
