package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.HistoryEnd;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md "since", replay, "history" and "history-end", over real TLS. */
class ReplayAndHistoryIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir);
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    /** A room holding {@code n} chats from alice (seq 1..n); returns alice's echoes. */
    private static List<Chat> roomWith(String room, int n) {
        TestClient alice = relay.join("alice", room);
        for (int i = 1; i <= n; i++) {
            alice.chat("c-" + i, "message " + i);
        }
        List<Chat> echoes = alice.awaitNext(n, Chat.class);
        assertThat(echoes).extracting(Chat::seq).containsExactlyElementsOf(seqs(1, n));
        alice.close();
        alice.awaitClose();
        return echoes;
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    private static String room() {
        return "replay-" + ROOMS.incrementAndGet();
    }

    @Test
    void withoutSinceTheNewestFiftyAreReplayedThenLiveTraffic() {
        String room = room();
        List<Chat> stored = roomWith(room, 60);
        TestClient bob = relay.connect("bob");
        assertThat(bob.join("bob", room).lastSeq()).isEqualTo(60);
        List<Chat> replay = bob.awaitNext(50, Chat.class);
        assertThat(replay).extracting(Chat::seq).containsExactlyElementsOf(seqs(11, 60));
        for (Chat c : replay) {
            assertThat(c.replay()).isTrue();
            assertThat(c).isEqualTo(stored.get((int) c.seq() - 1).asReplay());
        }
        TestClient carol = relay.join("carol", room, 60L);
        bob.awaitNext(ServerMessage.Presence.class);
        carol.chat("live", "now");
        Chat live = bob.awaitNext(Chat.class);
        assertThat(live.seq()).isEqualTo(61);
        assertThat(live.replay()).isFalse();
    }

    @Test
    void withSinceEveryRetainedMessageAfterItIsReplayedEvenMoreThanFifty() {
        String room = room();
        List<Chat> stored = roomWith(room, 60);
        TestClient bob = relay.connect("bob");
        bob.join("bob", room, 5L);
        List<Chat> replay = bob.awaitNext(55, Chat.class);
        assertThat(replay).extracting(Chat::seq).containsExactlyElementsOf(seqs(6, 60));
        assertThat(replay).allMatch(Chat::replay);
        assertThat(replay.get(0)).isEqualTo(stored.get(5).asReplay());

        TestClient all = relay.connect("all");
        all.join("all", room, 0L);
        assertThat(all.awaitNext(60, Chat.class)).extracting(Chat::seq).containsExactlyElementsOf(seqs(1, 60));
    }

    @Test
    void sinceAtOrBeyondTheNewestReplaysNothing() {
        String room = room();
        roomWith(room, 3);
        TestClient upToDate = relay.connect("up-to-date");
        assertThat(upToDate.join("up-to-date", room, 3L).lastSeq()).isEqualTo(3);
        TestClient ahead = relay.connect("ahead");
        assertThat(ahead.join("ahead", room, 1000L).lastSeq()).isEqualTo(3);
        upToDate.awaitNext(ServerMessage.Presence.class);
        ahead.chat("c-new", "fence");
        assertThat(upToDate.awaitNext(Chat.class).seq()).isEqualTo(4);
        assertThat(ahead.awaitNext(Chat.class).seq()).isEqualTo(4);
    }

    @Test
    void voiceIsReplayedWithTheSameHeaderAndClip() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        byte[] clip = Clips.pcm(12_000, 24_000, 2);
        alice.chat("c-1", "before the clip");
        alice.voice("v-1", clip);
        alice.awaitNext(Chat.class);
        ReceivedVoice echo = alice.awaitNext(ReceivedVoice.class);
        TestClient bob = relay.join("bob", room, 0L);
        assertThat(bob.awaitNext(Chat.class).replay()).isTrue();
        ReceivedVoice replayed = bob.awaitNext(ReceivedVoice.class);
        assertThat(replayed.header()).isEqualTo(echo.header().asReplay());
        assertThat(replayed.clip()).isEqualTo(clip);
    }

    @Test
    void historyPagesBackwardsWithReplayFlagAndHistoryEnd() {
        String room = room();
        List<Chat> stored = roomWith(room, 250);
        TestClient bob = relay.join("bob", room, 250L);

        bob.history(251, 200);
        List<Chat> page = bob.awaitNext(200, Chat.class);
        assertThat(page).extracting(Chat::seq).containsExactlyElementsOf(seqs(51, 250));
        assertThat(page).allMatch(Chat::replay);
        assertThat(page.get(0)).isEqualTo(stored.get(50).asReplay());
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(251, 200));

        bob.history(51, 200);
        assertThat(bob.awaitNext(50, Chat.class)).extracting(Chat::seq).containsExactlyElementsOf(seqs(1, 50));
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(51, 50));

        bob.history(1, 10);
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(1, 0));

        bob.history(100_000, 3);
        assertThat(bob.awaitNext(3, Chat.class)).extracting(Chat::seq).containsExactly(248L, 249L, 250L);
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(100_000, 3));

        bob.history(120, 1);
        assertThat(bob.awaitNext(Chat.class)).isEqualTo(stored.get(118).asReplay());
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(120, 1));
    }

    @Test
    void historyOfAnEmptyRoomIsJustTheEnd() {
        TestClient bob = relay.join("bob", room());
        bob.history(5, 50);
        assertThat(bob.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(5, 0));
    }

    @Test
    void eachClientGetsStrictlyIncreasingSeqAcrossReplayAndLive() {
        String room = room();
        roomWith(room, 20);
        TestClient alice = relay.join("alice", room, 20L);
        TestClient bob = relay.connect("bob");
        bob.join("bob", room, 10L);
        alice.awaitNext(ServerMessage.Presence.class);
        for (int i = 21; i <= 30; i++) {
            alice.chat("n-" + i, "live " + i);
        }
        List<Chat> got = bob.awaitNext(20, Chat.class);
        assertThat(got).extracting(Chat::seq).containsExactlyElementsOf(seqs(11, 30));
        assertThat(got).allMatch(c -> c.replay() == (c.seq() <= 20));
    }
}
