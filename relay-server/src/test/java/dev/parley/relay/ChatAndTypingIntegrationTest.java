package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Typing;
import dev.parley.protocol.TypingState;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL.md "chat" (echo, broadcast, server-stamped fields) and "typing", over real TLS. */
class ChatAndTypingIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final MutableClock CLOCK = MutableClock.stopped();

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withClock(CLOCK));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private static String room() {
        return "chat-" + ROOMS.incrementAndGet();
    }

    @Test
    void chatIsEchoedToTheSenderAndSentToEveryoneWithTheSameServerFields() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        TestClient carol = relay.join("carol", room);
        alice.awaitNext(2, Presence.class);
        bob.awaitNext(Presence.class);

        long now = CLOCK.millis();
        alice.chat("c-1", "hello");
        Chat echo = alice.awaitNext(Chat.class);
        assertThat(echo).isEqualTo(new Chat(1, "c-1", "alice", "hello", now, false));
        assertThat(bob.awaitNext(Chat.class)).isEqualTo(echo);
        assertThat(carol.awaitNext(Chat.class)).isEqualTo(echo);

        CLOCK.advance(Duration.ofSeconds(7));
        bob.chat("c-1", "same id, other sender: a different message");
        Chat second = carol.awaitNext(Chat.class);
        assertThat(second).isEqualTo(new Chat(2, "c-1", "bob", "same id, other sender: a different message",
                now + 7000, false));
        assertThat(alice.awaitNext(Chat.class)).isEqualTo(second);
        assertThat(bob.awaitNext(Chat.class)).isEqualTo(second);
    }

    @Test
    void aClientCannotChooseFromSeqTsOrReplay() {
        String room = room();
        TestClient mallory = relay.join("mallory", room);
        TestClient bob = relay.join("bob", room);
        mallory.awaitNext(Presence.class);
        mallory.sendRaw("{\"type\":\"chat\",\"id\":\"m-1\",\"text\":\"I am alice\",\"from\":\"alice\",\"seq\":99,"
                + "\"ts\":1,\"replay\":true,\"nick\":\"alice\"}");
        Chat got = bob.awaitNext(Chat.class);
        assertThat(got.from()).isEqualTo("mallory");
        assertThat(got.seq()).isEqualTo(1);
        assertThat(got.ts()).isEqualTo(CLOCK.millis());
        assertThat(got.replay()).isFalse();
        assertThat(bob.lastRaw()).doesNotContain("replay");
        assertThat(mallory.awaitNext(Chat.class)).isEqualTo(got);
    }

    @Test
    void textTravelsExactlyIncludingUnicodeNewlinesAndJsonSpecialCharacters() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        String text = "  line one\nline two\t\"quoted\" \\ back/slash <b>&amp;</b> 你好 😀 é\u0301 \u2028 end  ";
        alice.chat("u-1", text);
        assertThat(bob.awaitNext(Chat.class).text()).isEqualTo(text);
        assertThat(alice.awaitNext(Chat.class).text()).isEqualTo(text);
    }

    @Test
    void seqIsPerRoomAndRoomsAreIndependent() {
        String roomA = room();
        String roomB = room();
        TestClient a = relay.join("alice", roomA);
        TestClient b = relay.join("alice", roomB);
        for (int i = 1; i <= 3; i++) {
            a.chat("a" + i, "in a");
            assertThat(a.awaitNext(Chat.class).seq()).isEqualTo(i);
        }
        b.chat("b1", "in b");
        assertThat(b.awaitNext(Chat.class).seq()).isEqualTo(1);
        a.chat("a4", "in a again");
        assertThat(a.awaitNext(Chat.class).seq()).isEqualTo(4);
        // nothing of room a reached room b
        b.chat("b2", "fence");
        assertThat(b.awaitNext(Chat.class).seq()).isEqualTo(2);
    }

    @Test
    void typingGoesToTheOthersOnlyAndIsNotStored() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        TestClient carol = relay.join("carol", room);
        alice.awaitNext(2, Presence.class);
        bob.awaitNext(Presence.class);

        for (TypingState state : TypingState.values()) {
            alice.typing(state);
            assertThat(bob.awaitNext(Typing.class)).isEqualTo(new Typing("alice", state));
            assertThat(carol.awaitNext(Typing.class)).isEqualTo(new Typing("alice", state));
        }
        // the sender hears nothing of its own typing, and typing took no seq
        alice.chat("c-1", "fence");
        Chat echo = alice.awaitNext(Chat.class);
        assertThat(echo.seq()).isEqualTo(1);
        assertThat(bob.awaitNext(Chat.class)).isEqualTo(echo);
    }

    @Test
    void chatFromATypingMemberTellsTheOthersItIsIdleFirst() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        alice.typing(TypingState.TYPING);
        assertThat(bob.awaitNext(Typing.class).state()).isEqualTo(TypingState.TYPING);
        alice.chat("c-1", "done typing");
        assertThat(bob.awaitNext(Typing.class)).isEqualTo(new Typing("alice", TypingState.IDLE));
        assertThat(bob.awaitNext(Chat.class).id()).isEqualTo("c-1");
        assertThat(alice.awaitNext(Chat.class).id()).isEqualTo("c-1");

        // already idle: a chat brings no extra typing message
        alice.chat("c-2", "again");
        assertThat(bob.awaitNext(Chat.class).id()).isEqualTo("c-2");
    }

    @Test
    void voiceFromARecordingMemberTellsTheOthersItIsIdleFirst() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        alice.typing(TypingState.RECORDING);
        assertThat(bob.awaitNext(Typing.class).state()).isEqualTo(TypingState.RECORDING);
        alice.voice("v-1", Clips.ofMillis(250, 16_000, 1));
        assertThat(bob.awaitNext(Typing.class)).isEqualTo(new Typing("alice", TypingState.IDLE));
        assertThat(bob.awaitNext(ReceivedVoice.class).header().id()).isEqualTo("v-1");
        assertThat(alice.awaitNext(ReceivedVoice.class).header().id()).isEqualTo("v-1");
    }

    @Test
    void leavingWhileTypingSendsIdleThenLeave() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        bob.typing(TypingState.RECORDING);
        assertThat(alice.awaitNext(Typing.class).state()).isEqualTo(TypingState.RECORDING);
        bob.close();
        assertThat(alice.awaitNext(Typing.class)).isEqualTo(new Typing("bob", TypingState.IDLE));
        Presence leave = alice.awaitNext(Presence.class);
        assertThat(leave.event()).isEqualTo(Presence.Event.LEAVE);
        assertThat(leave.members()).containsExactly("alice");
    }

    @Test
    void leavingWhileIdleSendsOnlyLeave() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        bob.typing(TypingState.TYPING);
        bob.typing(TypingState.IDLE);
        assertThat(alice.awaitNext(2, Typing.class)).extracting(Typing::state)
                .containsExactly(TypingState.TYPING, TypingState.IDLE);
        bob.close();
        assertThat(alice.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.LEAVE);
    }

    @Test
    void typingIsNotReplayedToSomeoneWhoJoinsLater() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        alice.typing(TypingState.TYPING);
        TestClient bob = relay.join("bob", room);
        assertThat(alice.awaitNext(Presence.class).nick()).isEqualTo("bob");
        TestClient carol = relay.join("carol", room);
        alice.awaitNext(Presence.class);
        carol.chat("fence", "x");
        assertThat(bob.awaitNext(Presence.class).nick()).isEqualTo("carol");
        assertThat(bob.awaitNext(Chat.class).id()).isEqualTo("fence");
        assertThat(carol.awaitNext(Chat.class).id()).isEqualTo("fence");
    }

    @Test
    void unknownFieldsInChatAreIgnored() {
        TestClient alice = relay.join("alice", room());
        alice.sendRaw("{\"type\":\"chat\",\"id\":\"x-1\",\"text\":\"hi\",\"format\":\"markdown\",\"extra\":[1,{\"a\":null}]}");
        Chat echo = alice.awaitNext(Chat.class);
        assertThat(echo.text()).isEqualTo("hi");
        assertThat(echo.id()).isEqualTo("x-1");
    }

    @Test
    void tsIsTheServersClockInEpochMilliseconds(@TempDir Path own) {
        try (TestRelay r = TestRelay.start(own)) {
            TestClient alice = r.join("alice", "lobby");
            long before = System.currentTimeMillis();
            alice.chat("c-1", "when?");
            ServerMessage.Chat echo = alice.awaitNext(Chat.class);
            long after = System.currentTimeMillis();
            assertThat(echo.ts()).isBetween(before, after);
        }
    }
}
