package dev.parley.relay;

import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.HistoryEnd;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md "Retention": oldest dropped by age, count and bytes; replay of what is retained; seq never reused. */
class RetentionIntegrationTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = MutableClock.stopped();

    private TestRelay start(Retention retention) {
        return TestRelay.start(dataDir, c -> c.withClock(clock).withRetention(retention));
    }

    private static void send(TestClient c, int from, int to, String text) {
        for (int i = from; i <= to; i++) {
            c.chat("c-" + i, text);
        }
        assertThat(c.awaitNext(to - from + 1, Chat.class)).extracting(Chat::seq).last().isEqualTo((long) to);
    }

    private static List<Long> replayedSeqs(TestRelay relay, String nick, int expected) {
        TestClient c = relay.connect(nick);
        c.join(nick, "lobby", 0L);
        List<Chat> got = c.awaitNext(expected, Chat.class);
        c.history(1_000, 200);
        assertThat(c.awaitNext(expected, Chat.class)).as("history holds what replay holds").isEqualTo(got);
        assertThat(c.awaitNext(HistoryEnd.class).count()).isEqualTo(expected);
        return got.stream().map(Chat::seq).toList();
    }

    @Test
    void theOldestAreDroppedByCount() {
        try (TestRelay relay = start(new Retention(Duration.ofDays(30), 5, 1 << 20))) {
            TestClient alice = relay.join("alice", "lobby");
            send(alice, 1, 8, "x");
            assertThat(replayedSeqs(relay, "bob", 5)).containsExactly(4L, 5L, 6L, 7L, 8L);
            alice.awaitNext(Presence.class);
            send(alice, 9, 9, "x");
            assertThat(replayedSeqs(relay, "carol", 5)).containsExactly(5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void theOldestAreDroppedByBytes() {
        try (TestRelay relay = start(new Retention(Duration.ofDays(30), 1000, 100))) {
            TestClient alice = relay.join("alice", "lobby");
            send(alice, 1, 5, "thirty bytes of text, exactly"); // 29 bytes each: at most 3 fit in 100
            assertThat(replayedSeqs(relay, "bob", 3)).containsExactly(3L, 4L, 5L);
        }
    }

    @Test
    void theOldestAreDroppedByAgeAndSinceOlderThanRetainedReplaysWhatIsRetained() {
        try (TestRelay relay = start(new Retention(Duration.ofHours(1), 1000, 1 << 20))) {
            TestClient alice = relay.join("alice", "lobby");
            send(alice, 1, 2, "early");
            clock.advance(Duration.ofMinutes(30));
            send(alice, 3, 3, "middle");
            clock.advance(Duration.ofMinutes(45));
            send(alice, 4, 4, "late");
            assertThat(replayedSeqs(relay, "bob", 2)).containsExactly(3L, 4L);

            TestClient since1 = relay.connect("since1");
            assertThat(since1.join("since1", "lobby", 1L).lastSeq()).isEqualTo(4);
            assertThat(since1.awaitNext(2, Chat.class)).extracting(Chat::seq).containsExactly(3L, 4L);
        }
    }

    @Test
    void seqIsNeverReusedAfterEverythingWasDroppedEvenAcrossARestart() {
        try (TestRelay relay = start(new Retention(Duration.ofHours(1), 1000, 1 << 20))) {
            TestClient alice = relay.join("alice", "lobby");
            send(alice, 1, 3, "soon gone");
            clock.advance(Duration.ofHours(2));
            TestClient elsewhere = relay.join("alice", "elsewhere");
            elsewhere.chat("e-1", "sweeps the old ones");
            elsewhere.awaitNext(Chat.class);
            relay.restart();

            TestClient bob = relay.connect("bob");
            assertThat(bob.join("bob", "lobby", 0L).lastSeq()).isEqualTo(3);
            bob.chat("b-1", "after everything expired");
            Chat c = bob.awaitNext(Chat.class);
            assertThat(c.seq()).as("the first message bob sees is the new one, with a new seq").isEqualTo(4);
            assertThat(c.replay()).isFalse();
        }
    }

    @Test
    void seqIsNeverReusedWhenCountRetentionKeepsOnlyOne() {
        try (TestRelay relay = start(new Retention(Duration.ofDays(1), 1, 1 << 20))) {
            TestClient alice = relay.join("alice", "lobby");
            send(alice, 1, 3, "x");
            relay.restart();
            TestClient back = relay.connect("back");
            back.join("alice", "lobby", 0L);
            assertThat(back.awaitNext(Chat.class).seq()).isEqualTo(3);
            back.chat("c-4", "y");
            assertThat(back.awaitNext(Chat.class).seq()).isEqualTo(4);
        }
    }
}
