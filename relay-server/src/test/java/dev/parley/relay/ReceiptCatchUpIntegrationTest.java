package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.HistoryEnd;
import dev.parley.protocol.ServerMessage.Played;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md "Version 3", joining and history: the receipt catch-up after the message replay (with and without
 * {@code playedSince}), the receipts of a history answer before its end, and retention taking receipts with their
 * message.
 */
class ReceiptCatchUpIntegrationTest {
    private static final byte[] CLIP = Clips.ofMillis(100, 8000, 1);
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

    private static String room() {
        return "receipts-" + ROOMS.incrementAndGet();
    }

    /** A version-3 member that joins holding every message ({@code since} = {@code lastSeq}) and no receipts. */
    private static TestClient listener(String nick, String room, long since) {
        TestClient c = relay.connect(nick);
        c.joinReceipts(nick, room, since, null);
        return c;
    }

    /**
     * {@code who} (whose label is its nick) plays {@code seq}; returns the receipt as stored, its live copy to the
     * sender, skipping what else reached the sender first (others' receipts, presence).
     */
    private static Played play(TestClient who, long seq) {
        who.played(seq);
        while (true) {
            Object o = who.awaitItems(1, TestClient.WAIT).get(0);
            if (o instanceof Played p && p.nick().equals(who.label()) && p.seq() == seq) {
                return p;
            }
            if (o instanceof ServerMessage.Error) {
                throw new AssertionError(who.label() + ": " + who.lastRaw());
            }
        }
    }

    /** The next chat message, skipping presence (the other test clients joining). */
    private static Chat nextChat(TestClient c) {
        while (true) {
            Object o = c.awaitItems(1, TestClient.WAIT).get(0);
            if (o instanceof Chat chat) {
                return chat;
            }
            if (!(o instanceof ServerMessage.Presence)) {
                throw new AssertionError(c.label() + ": expected chat but received " + c.lastRaw());
            }
        }
    }

    /** Alice sends messages 1..n of a new room, voice at the seqs in {@code voices}, chat elsewhere, then leaves. */
    private static String roomWith(int n, long... voices) {
        String room = room();
        TestClient alice = relay.connect("alice");
        alice.joinReceipts("alice", room, null, null);
        for (int seq = 1; seq <= n; seq++) {
            final long s = seq;
            if (Arrays.stream(voices).anyMatch(v -> v == s)) {
                alice.voice("v-" + seq, CLIP);
                assertThat(alice.awaitNext(ReceivedVoice.class).seq()).isEqualTo(seq);
            } else {
                alice.chat("c-" + seq, "message " + seq);
                assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(seq);
            }
        }
        alice.close();
        alice.awaitClose();
        return room;
    }

    @Test
    void withPlayedSinceEveryNewerReceiptOfTheRoomFollowsTheMessageReplay() {
        String room = roomWith(3, 1, 2, 3);
        TestClient bob = listener("bob", room, 3);
        TestClient carol = listener("carol", room, 3);
        Played b1 = play(bob, 1);
        Played b2 = play(bob, 2);
        String other = roomWith(1, 1);
        Played elsewhere = play(listener("olga", other, 1), 1);
        Played b3 = play(bob, 3);
        Played c1 = play(carol, 1);
        assertThat(List.of(b1.id(), b2.id(), elsewhere.id(), b3.id(), c1.id())).isSorted().doesNotHaveDuplicates();

        TestClient dan = relay.connect("dan");
        assertThat(dan.joinReceipts("dan", room, 1L, b1.id()).lastPlayed()).isEqualTo(c1.id());
        assertThat(dan.awaitNext(2, ReceivedVoice.class)).extracting(ReceivedVoice::seq).containsExactly(2L, 3L);
        assertThat(dan.awaitNext(3, Played.class)).as("every receipt of the room above playedSince, seq 1's too")
                .containsExactly(b2.asReplay(), b3.asReplay(), c1.asReplay());

        TestClient eve = relay.connect("eve");
        eve.joinReceipts("eve", room, 3L, b3.id());
        assertThat(eve.awaitNext(Played.class)).isEqualTo(c1.asReplay());
        bob.chat("live", "after the catch-up");
        Chat live = nextChat(eve);
        assertThat(live.replay()).isFalse();

        TestClient upToDate = relay.connect("fay");
        upToDate.joinReceipts("fay", room, live.seq(), c1.id());
        bob.chat("live-2", "nothing was owed to fay");
        assertThat(nextChat(upToDate).id()).isEqualTo("live-2");
    }

    @Test
    void withoutPlayedSinceTheReceiptsOfTheReplayedMessagesFollow() {
        String room = roomWith(55, 1, 54, 55);
        TestClient bob = listener("bob", room, 55);
        Played old = play(bob, 1);
        Played newer = play(bob, 55);
        Played middle = play(listener("carol", room, 55), 54);

        TestClient newest = relay.connect("dan");
        assertThat(newest.joinReceipts("dan", room, null, null).lastPlayed()).isEqualTo(middle.id());
        assertThat(newest.awaitItems(50, TestClient.WAIT)).as("the newest 50 messages, 6 to 55").hasSize(50);
        assertThat(newest.awaitNext(2, Played.class)).as("receipts of those, not of seq 1, in id order")
                .containsExactly(newer.asReplay(), middle.asReplay());

        TestClient all = relay.connect("eve");
        all.joinReceipts("eve", room, 0L, null);
        assertThat(all.awaitItems(55, TestClient.WAIT)).hasSize(55);
        assertThat(all.awaitNext(3, Played.class)).containsExactly(old.asReplay(), newer.asReplay(), middle.asReplay());

        TestClient last = relay.connect("fay");
        last.joinReceipts("fay", room, 54L, null);
        assertThat(last.awaitNext(ReceivedVoice.class).seq()).isEqualTo(55);
        assertThat(last.awaitNext(Played.class)).isEqualTo(newer.asReplay());

        TestClient none = relay.connect("gus");
        none.joinReceipts("gus", room, 55L, null);
        bob.chat("live", "no message replayed, so no receipt either");
        for (TestClient c : List.of(all, last, none)) {
            assertThat(nextChat(c).id()).as(c.label()).isEqualTo("live");
        }
    }

    @Test
    void aHistoryAnswerCarriesTheReceiptsOfItsMessagesBeforeHistoryEnd() {
        String room = roomWith(4, 1, 2, 4);
        TestClient bob = listener("bob", room, 4);
        TestClient carol = listener("carol", room, 4);
        Played c4 = play(carol, 4);
        Played b2 = play(bob, 2);
        Played b1 = play(bob, 1);
        Played c2 = play(carol, 2);

        TestClient gus = relay.connect("gus");
        gus.joinReceipts("gus", room, 4L, c2.id());
        gus.history(4, 2);
        assertThat(gus.awaitNext(ReceivedVoice.class).seq()).isEqualTo(2);
        assertThat(gus.awaitNext(Chat.class).seq()).isEqualTo(3);
        assertThat(gus.awaitNext(2, Played.class)).containsExactly(b2.asReplay(), c2.asReplay());
        assertThat(gus.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(4, 2));

        gus.history(5, 10);
        assertThat(gus.awaitItems(4, TestClient.WAIT)).hasSize(4);
        assertThat(gus.awaitNext(4, Played.class)).containsExactly(c4.asReplay(), b2.asReplay(), b1.asReplay(),
                c2.asReplay());
        assertThat(gus.awaitNext(HistoryEnd.class)).isEqualTo(new HistoryEnd(5, 4));

        TestClient v2 = relay.connect("hank");
        v2.join(new ClientMessage.Hello(2, "hank", room, 4L, null, null));
        v2.history(5, 10);
        assertThat(v2.awaitItems(4, TestClient.WAIT)).hasSize(4);
        assertThat(v2.awaitNext(HistoryEnd.class)).as("a version-2 member gets no receipts").isEqualTo(new HistoryEnd(5, 4));
    }

    @Test
    void retentionRemovesAMessagesReceiptsWithIt(@TempDir Path ownDir) throws Exception {
        try (TestRelay small = TestRelay.start(ownDir, c -> c.withRetention(new Retention(Duration.ofDays(1), 2, 1 << 20)))) {
            TestClient alice = small.connect("alice");
            alice.joinReceipts("alice", "lobby", null, null);
            alice.voice("v-1", CLIP);
            alice.awaitNext(ReceivedVoice.class);
            TestClient bob = small.connect("bob");
            bob.joinReceipts("bob", "lobby", 1L, null);
            bob.played(1);
            assertThat(bob.awaitNext(Played.class).id()).isEqualTo(1);
            assertThat(receiptRows(ownDir)).isEqualTo(1);

            alice.chat("c-2", "two").chat("c-3", "three: seq 1 goes");
            bob.awaitNext(2, Chat.class);
            assertThat(receiptRows(ownDir)).isZero();

            TestClient carol = small.connect("carol");
            carol.joinReceipts("carol", "lobby", 0L, 0L);
            assertThat(carol.awaitNext(2, Chat.class)).extracting(Chat::seq).containsExactly(2L, 3L);
            bob.awaitNext(ServerMessage.Presence.class);
            bob.played(1);
            assertThat(bob.awaitNext(ServerMessage.Error.class)).as("removed by retention: like never stored")
                    .isEqualTo(new ServerMessage.Error(ErrorCode.NOT_FOUND, "no voice message with seq 1 in this room", null));
            alice.chat("c-4", "fence");
            assertThat(carol.awaitNext(Chat.class).id()).as("carol got no receipt").isEqualTo("c-4");
        }
    }

    private static long receiptRows(Path dir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("messages.db").toAbsolutePath());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM receipts")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
