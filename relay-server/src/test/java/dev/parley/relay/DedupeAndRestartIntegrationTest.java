package dev.parley.relay;

import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.HistoryEnd;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md's at-most-once storage: the same (room, nick, id) is stored once and its stored copy is sent again to
 * that sender alone — in one connection, after a reconnect and after a relay restart. A restart keeps seq,
 * history, dedupe and the certificate.
 */
class DedupeAndRestartIntegrationTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = MutableClock.stopped();
    private TestRelay relay;

    @BeforeEach
    void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withClock(clock));
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    @Test
    void theSameIdAgainIsSentBackToTheSenderAloneAndNotStored() {
        TestClient alice = relay.join("alice", "lobby");
        TestClient bob = relay.join("bob", "lobby");
        alice.awaitNext(Presence.class);
        alice.chat("c-1", "hello");
        Chat original = alice.awaitNext(Chat.class);
        assertThat(bob.awaitNext(Chat.class)).isEqualTo(original);

        clock.advance(Duration.ofMinutes(3));
        alice.chat("c-1", "hello");
        assertThat(alice.awaitNext(Chat.class)).isEqualTo(original);
        assertThat(alice.lastRaw()).doesNotContain("replay");
        alice.chat("c-1", "an edited text under the same id");
        assertThat(alice.awaitNext(Chat.class)).as("the stored message, not the new text").isEqualTo(original);

        alice.chat("c-2", "next");
        Chat next = bob.awaitNext(Chat.class);
        assertThat(next.seq()).as("bob received nothing for the duplicates").isEqualTo(2);
        assertThat(alice.awaitNext(Chat.class)).isEqualTo(next);
    }

    @Test
    void aResentVoiceClipIsNotStoredTwice() {
        TestClient alice = relay.join("alice", "lobby");
        TestClient bob = relay.join("bob", "lobby");
        alice.awaitNext(Presence.class);
        byte[] clip = Clips.ofMillis(400, 16_000, 1);
        alice.voice("v-1", clip);
        ReceivedVoice original = alice.awaitNext(ReceivedVoice.class);
        bob.awaitNext(ReceivedVoice.class);
        alice.voice("v-1", clip);
        ReceivedVoice again = alice.awaitNext(ReceivedVoice.class);
        assertThat(again.header()).isEqualTo(original.header());
        assertThat(again.clip()).isEqualTo(clip);
        alice.chat("c-2", "fence");
        assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(2);
    }

    @Test
    void afterAReconnectTheResentMessageIsRecognisedAlsoWithTheNickInAnotherCase() {
        TestClient alice = relay.join("alice", "lobby");
        TestClient bob = relay.join("bob", "lobby");
        alice.awaitNext(Presence.class);
        alice.chat("c-1", "maybe lost");
        Chat original = alice.awaitNext(Chat.class);
        bob.awaitNext(Chat.class);
        alice.close();
        alice.awaitClose();
        assertThat(bob.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.LEAVE);

        TestClient again = relay.connect("alice-again");
        again.join("ALICE", "lobby", 1L);
        bob.awaitNext(Presence.class);
        again.chat("c-1", "maybe lost");
        assertThat(again.awaitNext(Chat.class)).isEqualTo(original);

        again.chat("c-2", "new");
        assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(2);
    }

    @Test
    void theSameIdInAnotherRoomOrFromAnotherNickIsANewMessage() {
        TestClient alice = relay.join("alice", "lobby");
        alice.chat("c-1", "in lobby");
        assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(1);
        TestClient elsewhere = relay.join("alice", "kitchen");
        elsewhere.chat("c-1", "in kitchen");
        Chat k = elsewhere.awaitNext(Chat.class);
        assertThat(k.seq()).isEqualTo(1);
        assertThat(k.text()).isEqualTo("in kitchen");
        TestClient bob = relay.join("bob", "lobby", 1L);
        bob.chat("c-1", "bob's own c-1");
        assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(2);
    }

    @Test
    void aRestartKeepsSeqHistoryDedupeAndTheCertificate() {
        String fingerprint = relay.relay().fingerprint();
        TestClient alice = relay.join("alice", "lobby");
        for (int i = 1; i <= 3; i++) {
            alice.chat("c-" + i, "before restart " + i);
            clock.advance(Duration.ofSeconds(1));
        }
        List<Chat> before = alice.awaitNext(3, Chat.class);
        TestClient other = relay.join("alice", "other");
        other.chat("o-1", "other room");
        other.awaitNext(Chat.class);

        relay.restart();
        assertThat(alice.awaitClose()).isEqualTo(1001);
        assertThat(relay.relay().fingerprint()).isEqualTo(fingerprint);

        TestClient back = relay.connect("alice-back");
        assertThat(back.join("alice", "lobby", 0L).lastSeq()).isEqualTo(3);
        List<Chat> replay = back.awaitNext(3, Chat.class);
        for (int i = 0; i < 3; i++) {
            assertThat(replay.get(i)).isEqualTo(before.get(i).asReplay());
        }
        back.chat("c-2", "before restart 2");
        assertThat(back.awaitNext(Chat.class)).as("deduplicated after the restart").isEqualTo(before.get(1));
        back.chat("c-4", "after restart");
        assertThat(back.awaitNext(Chat.class).seq()).isEqualTo(4);

        back.history(4, 10);
        assertThat(back.awaitNext(3, Chat.class)).isEqualTo(before.stream().map(Chat::asReplay).toList());
        assertThat(back.awaitNext(HistoryEnd.class).count()).isEqualTo(3);

        TestClient otherBack = relay.connect("other-back");
        assertThat(otherBack.join("alice", "other", 1L).lastSeq()).isEqualTo(1);
    }

    @Test
    void aDuplicateAfterARestartReachesNobodyElse() {
        TestClient alice = relay.join("alice", "lobby");
        alice.chat("c-1", "once");
        Chat original = alice.awaitNext(Chat.class);
        relay.restart();
        TestClient bob = relay.join("bob", "lobby", 1L);
        TestClient again = relay.connect("alice-again");
        again.join("alice", "lobby", 1L);
        bob.awaitNext(Presence.class);
        again.chat("c-1", "once");
        assertThat(again.awaitNext(Chat.class)).isEqualTo(original);
        again.chat("c-2", "twice");
        assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(2);
    }
}
