package dev.parley.relay;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.TypingState;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PROTOCOL.md "hello" ({@code resume}), "welcome" ({@code session}) and close 4410, over real TLS: the same member
 * connecting again with its previous session replaces its old connection; anyone else with that nick still gets 4409.
 */
class ResumeIntegrationTest {
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
        return "resume-" + ROOMS.incrementAndGet();
    }

    private static ClientMessage.Hello hello(int protocol, String nick, String room, Long since, String resume) {
        return new ClientMessage.Hello(protocol, nick, room, since, null, "parley-relay-tests", null, resume);
    }

    private static TestClient resume(String nick, String room, Long since, String session) {
        TestClient c = relay.connect(nick + "-again");
        c.join(hello(Protocol.VERSION, nick, room, since, session));
        return c;
    }

    @Test
    void sessionsAre128RandomBitsInBase64Url() {
        String room = room();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            TestClient c = relay.join("n" + i, room);
            String session = c.welcome().session();
            assertThat(session).matches("[A-Za-z0-9_-]{22}");
            assertThat(java.util.Base64.getUrlDecoder().decode(session)).hasSize(16);
            seen.add(session);
        }
        assertThat(seen).hasSize(20);
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2, 3})
    void theSameMemberResumingReplacesItsOldConnectionAndItsMessagesGetThrough(int protocol) {
        String room = room();
        TestClient old = relay.connect("alice");
        String session = old.join(hello(protocol, "alice", room, null, null)).session();
        TestClient bob = relay.join("bob", room);
        old.awaitNext(Presence.class);
        old.chat("m1", "before the roam");
        assertThat(old.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(1);
        assertThat(bob.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(1);

        TestClient again = relay.connect("alice-again");
        ServerMessage.Welcome welcome = again.join(hello(protocol, "alice", room, 1L, session));

        assertThat(welcome.nick()).isEqualTo("alice");
        assertThat(welcome.members()).containsExactly("bob", "alice");
        assertThat(welcome.session()).isNotEqualTo(session);
        assertThat(old.awaitClose()).isEqualTo(CloseCodes.REPLACED);
        assertThat(old.closedByRelay()).isTrue();
        assertThat(old.closeReason()).contains("replaced");
        // others: one join naming the member, its members list unchanged in content; no leave for the old connection
        Presence join = bob.awaitNext(Presence.class);
        assertThat(join.event()).isEqualTo(Presence.Event.JOIN);
        assertThat(join.nick()).isEqualTo("alice");
        assertThat(join.members()).containsExactly("bob", "alice");

        again.chat("m2", "after the roam");
        assertThat(again.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(2);
        ServerMessage.Chat atBob = bob.awaitNext(ServerMessage.Chat.class);
        assertThat(atBob.from()).isEqualTo("alice");
        assertThat(atBob.text()).isEqualTo("after the roam");
        bob.chat("m3", "welcome back");
        assertThat(again.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("m3");
        assertThat(bob.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("m3");
        assertThat(bob.pending()).as("bob heard nothing else (no leave)").isZero();
    }

    @Test
    void aWrongOrForeignTokenChangesNothing() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(Presence.class);
        String aliceSession = alice.welcome().session();
        String otherRoomSession = relay.join("alice", room()).welcome().session();

        String[] wrong = {
                null,                                        // no resume at all
                "",                                          // empty
                aliceSession.substring(1),                   // a prefix of the token is not the token
                aliceSession + "A",                          // nor is a longer one
                flipLastChar(aliceSession),                  // one character off
                bob.welcome().session(),                     // another member's session
                otherRoomSession,                            // alice's session in another room
        };
        for (String token : wrong) {
            TestClient c = relay.connect("intruder");
            c.send(hello(Protocol.VERSION, "alice", room, null, token));
            assertThat(c.awaitClose()).as(String.valueOf(token)).isEqualTo(CloseCodes.NICK_TAKEN);
        }
        // alice's session is untouched: her messages still go through and nobody heard of any of it
        alice.chat("still-here", "nothing happened to me");
        assertThat(alice.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("still-here");
        assertThat(bob.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("still-here");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void anotherNickWithTheTokenIsJustAnotherMemberAndReplacesNothing() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient carol = resume("carol", room, null, alice.welcome().session());

        assertThat(carol.welcome().members()).containsExactly("alice", "carol");
        Presence join = alice.awaitNext(Presence.class);
        assertThat(join.nick()).isEqualTo("carol");
        assertThat(alice.isOpen()).isTrue();
    }

    @Test
    void nicksAreComparedCaseInsensitivelyAndTheNewSpellingIsKept() {
        String room = room();
        TestClient old = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        old.awaitNext(Presence.class);

        TestClient again = resume("Alice", room, null, old.welcome().session());

        assertThat(again.welcome().nick()).isEqualTo("Alice");
        assertThat(old.awaitClose()).isEqualTo(CloseCodes.REPLACED);
        Presence join = bob.awaitNext(Presence.class);
        assertThat(join.nick()).isEqualTo("Alice");
        assertThat(join.members()).containsExactly("bob", "Alice");
    }

    @Test
    void aConnectionThatStoppedReadingIsReplacedAtOnceAndItsTypingEnds() {
        String room = room();
        TestClient old = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        old.awaitNext(Presence.class);
        old.typing(TypingState.TYPING);
        assertThat(bob.awaitNext(ServerMessage.Typing.class).state()).isEqualTo(TypingState.TYPING);
        old.stopReading(); // a half-open connection: the relay's close frame reaches nobody

        TestClient again = resume("alice", room, null, old.welcome().session());

        assertThat(again.welcome().members()).containsExactly("bob", "alice");
        ServerMessage.Typing idle = bob.awaitNext(ServerMessage.Typing.class);
        assertThat(idle.from()).isEqualTo("alice");
        assertThat(idle.state()).isEqualTo(TypingState.IDLE);
        assertThat(bob.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.JOIN);
        old.resumeReading();
        assertThat(old.awaitClose()).isEqualTo(CloseCodes.REPLACED);
    }

    @Test
    void theReplacedSessionCannotComeBackWithItsOwnTokenOnceItIsGone() {
        String room = room();
        TestClient first = relay.join("alice", room);
        String firstSession = first.welcome().session();
        TestClient second = resume("alice", room, null, firstSession);
        assertThat(first.awaitClose()).isEqualTo(CloseCodes.REPLACED);

        TestClient third = relay.connect("alice-third");
        third.send(hello(Protocol.VERSION, "alice", room, null, firstSession));

        assertThat(third.awaitClose()).isEqualTo(CloseCodes.NICK_TAKEN);
        assertThat(second.isOpen()).isTrue();
        // and a token of a member who has left resumes nothing: the nick is simply free
        second.close();
        assertThat(second.awaitClose()).isEqualTo(CloseCodes.NORMAL);
        TestClient fourth = resume("alice", room, null, second.welcome().session());
        assertThat(fourth.welcome().members()).containsExactly("alice");
    }

    @Test
    void aHandMadeClientResumesWithRawJsonAndItsOldConnectionReadsCloseFrame4410() throws IOException {
        String room = room();
        TestClient bob = relay.join("bob", room);
        try (RawWebSocketClient old = RawWebSocketClient.connect(relay.port(), relay.tls(), 0);
             RawWebSocketClient again = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
            old.setReadTimeout((int) TestClient.WAIT.toMillis());
            again.setReadTimeout((int) TestClient.WAIT.toMillis());
            old.sendText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"zoe\",\"room\":\"" + room + "\"}");
            JsonObject welcome = json(old.readFrame());
            assertThat(welcome.get("type").getAsString()).isEqualTo("welcome");
            String session = welcome.get("session").getAsString();
            assertThat(bob.awaitNext(Presence.class).nick()).isEqualTo("zoe");

            // a wrong token first: 4409 as ever
            try (RawWebSocketClient wrong = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
                wrong.setReadTimeout((int) TestClient.WAIT.toMillis());
                wrong.sendText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"zoe\",\"room\":\"" + room
                        + "\",\"resume\":\"" + flipLastChar(session) + "\"}");
                RawWebSocketClient.Frame refused = wrong.readFrame();
                assertThat(refused.opcode()).isEqualTo(RawWebSocketClient.Frame.CLOSE);
                assertThat(refused.closeCode()).isEqualTo(CloseCodes.NICK_TAKEN);
            }

            again.sendText("{\"type\":\"hello\",\"protocol\":2,\"nick\":\"zoe\",\"room\":\"" + room
                    + "\",\"resume\":\"" + session + "\"}");
            JsonObject second = json(again.readFrame());
            assertThat(second.get("type").getAsString()).isEqualTo("welcome");
            assertThat(second.get("nick").getAsString()).isEqualTo("zoe");

            RawWebSocketClient.Frame close = old.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocketClient.Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.REPLACED);
            assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8))
                    .contains("replaced");
            Presence rejoined = bob.awaitNext(Presence.class);
            assertThat(rejoined.event()).isEqualTo(Presence.Event.JOIN);
            assertThat(rejoined.members()).containsExactly("bob", "zoe");

            again.sendText("{\"type\":\"chat\",\"id\":\"raw-1\",\"text\":\"from the new connection\"}");
            JsonObject echo = json(again.readFrame());
            assertThat(echo.get("type").getAsString()).isEqualTo("chat");
            assertThat(echo.get("from").getAsString()).isEqualTo("zoe");
            ServerMessage.Chat atBob = bob.awaitNext(ServerMessage.Chat.class);
            assertThat(atBob.id()).isEqualTo("raw-1");
            // the old connection got nothing after its close frame
            assertThatThrownBy(old::readFrame).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    private static JsonObject json(RawWebSocketClient.Frame frame) {
        assertThat(frame.opcode()).isEqualTo(RawWebSocketClient.Frame.TEXT);
        return JsonParser.parseString(new String(frame.payload(), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String flipLastChar(String s) {
        char last = s.charAt(s.length() - 1);
        return s.substring(0, s.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}
