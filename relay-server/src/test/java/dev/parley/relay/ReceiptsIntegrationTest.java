package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.Played;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md "Version 3: played receipts": a receipt is stored once, durably, and sent to the room's version-3
 * members only; a repeat goes back to its sender alone; every bad receipt is answered and changes nothing; receipts
 * cost a message token and survive a restart.
 */
class ReceiptsIntegrationTest {
    private static final byte[] CLIP = Clips.ofMillis(100, 8000, 1);

    @TempDir
    Path dataDir;
    private final MutableClock clock = MutableClock.stopped();

    private TestRelay start(UnaryOperator<RelayConfig> customize) {
        return TestRelay.start(dataDir, c -> customize.apply(c.withClock(clock)));
    }

    /** A version-3 member of {@code room} without {@code since} or {@code playedSince}. */
    private static TestClient v3(TestRelay relay, String nick, String room) {
        TestClient c = relay.connect(nick);
        c.joinReceipts(nick, room, null, null);
        return c;
    }

    /** Sends a voice message and returns its seq, taken from the sender's echo. */
    private static long voice(TestClient from, String id) {
        from.voice(id, CLIP);
        return from.awaitNext(ReceivedVoice.class).seq();
    }

    private static ServerMessage.Error error(ErrorCode code, String message) {
        return new ServerMessage.Error(code, message, null);
    }

    @Test
    void aReceiptIsStoredOnceSentToVersionThreeMembersOnlyAndARepeatToItsSenderAlone() {
        try (TestRelay relay = start(c -> c)) {
            TestClient alice = v3(relay, "alice", "lobby");
            assertThat(alice.lastRaw()).contains("\"lastPlayed\":0");
            TestClient bob = v3(relay, "bob", "lobby");
            TestClient carol = relay.connect("carol");
            carol.joinLive("carol", "lobby");
            assertThat(carol.lastRaw()).as("a version-2 welcome").doesNotContain("lastPlayed");
            TestClient dave = relay.join("dave", "lobby");
            assertThat(dave.lastRaw()).as("a version-1 welcome").doesNotContain("lastPlayed");
            alice.awaitNext(3, Presence.class);
            bob.awaitNext(2, Presence.class);
            carol.awaitNext(Presence.class);

            long seq = voice(alice, "v-1");
            for (TestClient c : List.of(bob, carol, dave)) {
                assertThat(c.awaitNext(ReceivedVoice.class).seq()).isEqualTo(seq);
            }

            bob.played(seq);
            Played receipt = bob.awaitNext(Played.class);
            assertThat(receipt).isEqualTo(new Played(seq, "bob", clock.millis(), 1, false));
            assertThat(bob.lastRaw()).isEqualTo("{\"type\":\"played\",\"seq\":" + seq + ",\"nick\":\"bob\",\"ts\":"
                    + clock.millis() + ",\"id\":1}");
            assertThat(alice.awaitNext(Played.class)).isEqualTo(receipt);

            clock.advance(Duration.ofMinutes(2));
            bob.played(seq);
            assertThat(bob.awaitNext(Played.class)).as("the receipt as stored: its ts and id").isEqualTo(receipt);
            assertThat(bob.lastRaw()).doesNotContain("replay");

            alice.chat("c-fence", "nothing else came before this");
            for (TestClient c : List.of(alice, bob, carol, dave)) {
                assertThat(c.awaitNext(Chat.class).id()).as(c.label() + " received nothing else").isEqualTo("c-fence");
            }
        }
    }

    @Test
    void everyBadReceiptIsAnsweredToItsSenderAndChangesNothing() {
        try (TestRelay relay = start(c -> c)) {
            TestClient olga = v3(relay, "olga", "other");
            voice(olga, "o-1");
            voice(olga, "o-2");
            assertThat(voice(olga, "o-3")).as("a voice message with seq 3, in another room").isEqualTo(3);

            TestClient alice = v3(relay, "alice", "lobby");
            alice.chat("c-1", "a chat message");
            assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(1);
            assertThat(voice(alice, "v-2")).isEqualTo(2);
            // all three hold both messages already: no replay
            TestClient bob = relay.connect("bob");
            bob.joinReceipts("bob", "lobby", 2L, null);
            TestClient carol = relay.connect("carol");
            carol.join(new ClientMessage.Hello(Protocol.VERSION_2, "carol", "lobby", 2L, null, null));
            TestClient dave = relay.join("dave", "lobby", 2L);
            alice.awaitNext(3, Presence.class);
            bob.awaitNext(2, Presence.class);
            carol.awaitNext(Presence.class);

            bob.sendRaw("{\"type\":\"played\"}");
            assertThat(bob.awaitNext(ServerMessage.Error.class))
                    .isEqualTo(error(ErrorCode.BAD_REQUEST, "field \"seq\" is missing"));
            for (String seq : new String[]{"-2", "0", "\"2\"", "2.5"}) {
                bob.sendRaw("{\"type\":\"played\",\"seq\":" + seq + "}");
                assertThat(bob.awaitNext(ServerMessage.Error.class)).as("seq " + seq)
                        .isEqualTo(error(ErrorCode.BAD_REQUEST, seq.equals("\"2\"") || seq.equals("2.5")
                                ? "field \"seq\" must be an integer" : "field \"seq\" must be an integer >= 1"));
            }
            bob.played(1);
            assertThat(bob.awaitNext(ServerMessage.Error.class)).as("a chat message")
                    .isEqualTo(error(ErrorCode.NOT_FOUND, "no voice message with seq 1 in this room"));
            bob.played(3);
            assertThat(bob.awaitNext(ServerMessage.Error.class)).as("another room's voice message: as if unknown")
                    .isEqualTo(error(ErrorCode.NOT_FOUND, "no voice message with seq 3 in this room"));
            bob.played(99);
            assertThat(bob.awaitNext(ServerMessage.Error.class)).as("never stored")
                    .isEqualTo(error(ErrorCode.NOT_FOUND, "no voice message with seq 99 in this room"));
            alice.played(2);
            assertThat(alice.awaitNext(ServerMessage.Error.class))
                    .isEqualTo(error(ErrorCode.BAD_REQUEST, "voice message 2 is your own"));
            carol.played(2);
            assertThat(carol.awaitNext(ServerMessage.Error.class)).isEqualTo(error(ErrorCode.BAD_REQUEST,
                    "played receipts need protocol 3; this connection speaks 2"));
            dave.played(2);
            assertThat(dave.awaitNext(ServerMessage.Error.class)).isEqualTo(error(ErrorCode.BAD_REQUEST,
                    "played receipts need protocol 3; this connection speaks 1"));

            alice.close();
            alice.awaitClose();
            TestClient upper = relay.connect("ALICE");
            upper.joinReceipts("ALICE", "lobby", 2L, null);
            upper.played(2);
            assertThat(upper.awaitNext(ServerMessage.Error.class)).as("nicks compare case-insensitively")
                    .isEqualTo(error(ErrorCode.BAD_REQUEST, "voice message 2 is your own"));

            assertThat(bob.awaitNext(2, Presence.class)).extracting(Presence::nick).containsExactly("alice", "ALICE");
            bob.played(2);
            Played first = bob.awaitNext(Played.class);
            assertThat(first.id()).as("nothing was stored before: this is the relay's first receipt").isEqualTo(1);
            assertThat(upper.awaitNext(Played.class)).isEqualTo(first);
            bob.chat("c-fence", "after the errors");
            assertThat(carol.awaitNext(2, Presence.class)).extracting(Presence::nick).containsExactly("alice", "ALICE");
            assertThat(dave.awaitNext(2, Presence.class)).extracting(Presence::nick).containsExactly("alice", "ALICE");
            for (TestClient c : List.of(upper, carol, dave)) {
                assertThat(c.awaitNext(Chat.class).id()).as(c.label() + " saw no error of others").isEqualTo("c-fence");
            }
            olga.chat("o-fence", "the other room heard nothing");
            assertThat(olga.awaitNext(Chat.class).id()).isEqualTo("o-fence");
        }
    }

    @Test
    void aReceiptCostsAMessageToken() {
        try (TestRelay relay = start(c -> c.withRateLimits(new RateLimits(1, 3, 1 << 20, 1 << 20)))) {
            TestClient alice = v3(relay, "alice", "lobby");
            long seq = voice(alice, "v-1");
            TestClient bob = relay.connect("bob");
            bob.joinReceipts("bob", "lobby", (long) seq, null);

            bob.played(seq).played(seq).played(seq).played(seq);
            // an error is sent at once, a receipt once stored: their order is not fixed
            List<Object> got = bob.awaitItems(4, TestClient.WAIT);
            assertThat(got).filteredOn(Played.class::isInstance).hasSize(3).extracting(p -> ((Played) p).id()).containsOnly(1L);
            assertThat(got).filteredOn(ServerMessage.Error.class::isInstance).singleElement()
                    .isEqualTo(error(ErrorCode.RATE_LIMITED, "too many messages; slow down and retry"));
            bob.chat("c-1", "no token left");
            assertThat(bob.awaitNext(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);

            clock.advance(Duration.ofSeconds(1));
            bob.chat("c-1", "one token again");
            assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(seq + 1);
        }
    }

    @Test
    void receiptsSurviveARestartOnTheSameDataDirectory() {
        try (TestRelay relay = start(c -> c)) {
            TestClient alice = v3(relay, "alice", "lobby");
            long seq = voice(alice, "v-1");
            TestClient bob = v3(relay, "bob", "lobby");
            bob.awaitNext(ReceivedVoice.class);
            bob.played(seq);
            Played stored = bob.awaitNext(Played.class);

            relay.restart();
            clock.advance(Duration.ofHours(1));

            TestClient carol = relay.connect("carol");
            assertThat(carol.joinReceipts("carol", "lobby", null, null).lastPlayed()).isEqualTo(stored.id());
            assertThat(carol.awaitNext(ReceivedVoice.class).header().replay()).isTrue();
            assertThat(carol.awaitNext(Played.class)).isEqualTo(stored.asReplay());

            TestClient back = relay.connect("bob-again");
            assertThat(back.joinReceipts("BOB", "lobby", seq, stored.id()).lastPlayed()).isEqualTo(stored.id());
            back.played(seq);
            assertThat(back.awaitNext(Played.class)).as("still stored once, as it was").isEqualTo(stored);
            carol.awaitNext(Presence.class);
            back.chat("c-fence", "carol got no second receipt");
            assertThat(carol.awaitNext(Chat.class).id()).isEqualTo("c-fence");
        }
    }
}
