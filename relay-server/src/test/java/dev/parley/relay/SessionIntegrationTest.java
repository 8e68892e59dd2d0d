package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PROTOCOL.md "Session", "hello", "welcome", "presence" and the fatal close codes, over real TLS. */
class SessionIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final Limits LIMITS = new Limits(1234, 99_000, 45_000);

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withLimits(LIMITS));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private static String room() {
        return "session-" + ROOMS.incrementAndGet();
    }

    @Test
    void welcomeDescribesSessionRoomMembersAndLimits() {
        String room = room();
        ServerMessage.Welcome a = relay.join("alice", room).welcome();
        assertThat(a.protocol()).isEqualTo(Protocol.VERSION);
        assertThat(a.session()).isNotBlank();
        assertThat(a.nick()).isEqualTo("alice");
        assertThat(a.room()).isEqualTo(room);
        assertThat(a.members()).containsExactly("alice");
        assertThat(a.lastSeq()).isZero();
        assertThat(a.limits()).isEqualTo(LIMITS);
        assertThat(a.server()).isNotBlank();

        ServerMessage.Welcome b = relay.join("bob", room).welcome();
        assertThat(b.members()).containsExactlyInAnyOrder("alice", "bob");
        assertThat(b.session()).isNotEqualTo(a.session());
    }

    @Test
    void othersReceivePresenceJoinAndLeaveButNobodyHearsAboutThemselves() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        Presence join = alice.awaitNext(Presence.class);
        assertThat(join.event()).isEqualTo(Presence.Event.JOIN);
        assertThat(join.nick()).isEqualTo("bob");
        assertThat(join.members()).containsExactlyInAnyOrder("alice", "bob");

        TestClient carol = relay.join("carol", room);
        for (TestClient c : new TestClient[]{alice, bob}) {
            Presence p = c.awaitNext(Presence.class);
            assertThat(p.event()).isEqualTo(Presence.Event.JOIN);
            assertThat(p.nick()).isEqualTo("carol");
            assertThat(p.members()).containsExactlyInAnyOrder("alice", "bob", "carol");
        }

        bob.close();
        assertThat(bob.awaitClose()).isEqualTo(CloseCodes.NORMAL);
        for (TestClient c : new TestClient[]{alice, carol}) {
            Presence p = c.awaitNext(Presence.class);
            assertThat(p.event()).isEqualTo(Presence.Event.LEAVE);
            assertThat(p.nick()).isEqualTo("bob");
            assertThat(p.members()).containsExactlyInAnyOrder("alice", "carol");
        }
        // fence: the next thing carol receives is alice's chat, so carol never heard about her own join
        alice.chat("fence", "after the presence");
        assertThat(carol.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("fence");
        assertThat(alice.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("fence");
    }

    @Test
    void presenceInOneRoomStaysInThatRoom() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        relay.join("bob", room());
        alice.chat("fence", "nothing came from the other room");
        assertThat(alice.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("fence");
    }

    @Test
    void welcomeLastSeqIsTheRoomsNewestSeq() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        for (int i = 1; i <= 3; i++) {
            alice.chat("m" + i, "message " + i);
            assertThat(alice.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(i);
        }
        TestClient bob = relay.connect("bob");
        assertThat(bob.join("bob", room, 3L).lastSeq()).isEqualTo(3);
        assertThat(relay.join("bob", room()).welcome().lastSeq()).isZero();
    }

    @Test
    void nickIsTrimmedAndMayUseUnicodeLettersDigitsSpaceUnderscoreDashDot() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        TestClient other = relay.connect("zoe");
        ServerMessage.Welcome w = other.join("  Zoë 李 3_a-b.c\t", room);
        assertThat(w.nick()).isEqualTo("Zoë 李 3_a-b.c");
        assertThat(alice.awaitNext(Presence.class).nick()).isEqualTo("Zoë 李 3_a-b.c");
        other.chat("z1", "hi");
        assertThat(alice.awaitNext(ServerMessage.Chat.class).from()).isEqualTo("Zoë 李 3_a-b.c");
    }

    @Test
    void longestNickAndRoomAreAccepted() {
        String nick = "n".repeat(Protocol.MAX_NICK_CHARS);
        String room = String.format("%s%04d", "r-_".repeat(20), ROOMS.incrementAndGet());
        ServerMessage.Welcome w = relay.connect("long").join(nick, room);
        assertThat(w.nick()).isEqualTo(nick);
        assertThat(w.room()).hasSize(Protocol.MAX_ROOM_CHARS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            // nick: empty, only white space, 33 characters, characters outside the allowed set, not a string, missing
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"   \",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"a/b\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"a@b\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\\u0000\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob😀\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":42,\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":null,\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"room\":\"lobby\"}",
            // room: upper case, space, empty, 65 characters, non-ASCII letter, not a string, missing
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"Lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"the lobby\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"café\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":7}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\"}",
            // since: negative, a string, a fraction
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"lobby\",\"since\":-1}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"lobby\",\"since\":\"3\"}",
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"lobby\",\"since\":1.5}",
            // protocol: missing, a string
            "{\"type\":\"hello\",\"nick\":\"bob\",\"room\":\"lobby\"}",
            "{\"type\":\"hello\",\"protocol\":\"1\",\"nick\":\"bob\",\"room\":\"lobby\"}",
            // first frame is not a hello: no type, another type, not JSON, not an object
            "{\"protocol\":1,\"nick\":\"bob\",\"room\":\"lobby\"}",
            "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hi\"}",
            "{\"type\":\"typing\",\"state\":\"typing\"}",
            "{\"type\":\"history\",\"before\":10,\"limit\":5}",
            "hello",
            "[\"hello\"]",
            ""
    })
    void aBadFirstFrameClosesWith4400(String firstFrame) {
        TestClient c = relay.connect("bad-hello");
        c.sendRaw(firstFrame);
        assertThat(c.awaitClose()).isEqualTo(CloseCodes.BAD_HELLO);
        assertThat(c.closedByRelay()).isTrue();
        assertThat(c.pending()).as("nothing is sent before the close").isZero();
    }

    @Test
    void aBinaryFirstFrameClosesWith4400() {
        TestClient c = relay.connect("binary-first");
        c.voice("v-1", Clips.ofMillis(100, 8000, 1));
        assertThat(c.awaitClose()).isEqualTo(CloseCodes.BAD_HELLO);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 99})
    void anUnsupportedProtocolClosesWith4426(int protocol) {
        TestClient c = relay.connect("protocol-" + protocol);
        c.sendRaw("{\"type\":\"hello\",\"protocol\":" + protocol + ",\"nick\":\"bob\",\"room\":\"lobby\"}");
        assertThat(c.awaitClose()).isEqualTo(CloseCodes.UNSUPPORTED_PROTOCOL);
        assertThat(c.closeReason()).isEqualTo("protocol " + protocol + " is not supported; this relay speaks 1 to 3");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void theWelcomeSaysTheVersionTheHelloAskedFor(int protocol) {
        TestClient c = relay.connect("speaks-" + protocol);
        c.sendRaw("{\"type\":\"hello\",\"protocol\":" + protocol + ",\"nick\":\"v" + protocol + "\",\"room\":\"" + room() + "\"}");
        assertThat(c.awaitNext(ServerMessage.Welcome.class).protocol()).isEqualTo(protocol);
    }

    @Test
    void unknownFieldsInHelloAreIgnoredAndClientIsOptional() {
        TestClient c = relay.connect("extra");
        c.sendRaw("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"extra\",\"room\":\"" + room()
                + "\",\"colour\":\"blue\",\"future\":{\"a\":[1,2]}}");
        assertThat(c.awaitNext(ServerMessage.Welcome.class).nick()).isEqualTo("extra");
    }

    @Test
    void aSecondHelloIsABadRequestAndTheConnectionKeepsWorking() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        alice.hello("alice", room);
        ServerMessage.Error e = alice.awaitNext(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        alice.hello("someone-else", room());
        assertThat(alice.awaitNext(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.BAD_REQUEST);
        alice.chat("c-1", "still here");
        ServerMessage.Chat echo = alice.awaitNext(ServerMessage.Chat.class);
        assertThat(echo.seq()).isEqualTo(1);
        assertThat(echo.from()).isEqualTo("alice");
    }

    @Test
    void aNickAlreadyInTheRoomIsRefusedWith4409CaseInsensitively() {
        String room = room();
        TestClient alice = relay.join("alice", room);
        for (String taken : new String[]{"alice", "ALICE", "Alice", "  alice "}) {
            TestClient again = relay.connect("again");
            again.hello(taken, room);
            assertThat(again.awaitClose()).as(taken).isEqualTo(CloseCodes.NICK_TAKEN);
        }
        assertThat(relay.join("alice", room()).welcome().nick()).as("same nick, other room").isEqualTo("alice");
        // the refused attempts were never members: alice heard nothing about them
        alice.chat("fence", "x");
        assertThat(alice.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("fence");
    }

    @Test
    void aNickIsFreeAgainOnceItsHolderLeft() {
        String room = room();
        TestClient watcher = relay.join("watcher", room);
        TestClient alice = relay.join("alice", room);
        watcher.awaitNext(Presence.class);
        alice.close();
        assertThat(watcher.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.LEAVE);
        assertThat(relay.join("Alice", room).welcome().members()).containsExactlyInAnyOrder("watcher", "Alice");
    }

    @Test
    void relayCloseClosesEveryClientWith1001(@TempDir Path own) {
        try (TestRelay r = TestRelay.start(own)) {
            TestClient joined = r.join("alice", "lobby");
            TestClient silent = r.connect("silent");
            r.closeRelay();
            assertThat(joined.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
            assertThat(joined.closedByRelay()).isTrue();
            assertThat(silent.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
        }
    }

    @Test
    void relayCloseClosesWith1001EvenConnectionsThatJustOpened(@TempDir Path own) {
        try (TestRelay r = TestRelay.start(own)) {
            java.util.List<TestClient> clients = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                clients.add(r.connect("fresh-" + i));
            }
            r.closeRelay();
            for (TestClient c : clients) {
                assertThat(c.awaitClose()).as(c.label()).isEqualTo(CloseCodes.GOING_AWAY);
            }
        }
    }

    @Test
    void passwordIsRequiredWhenConfiguredAndWrongOrMissingClosesWith4401(@TempDir Path own) {
        try (TestRelay r = TestRelay.start(own, c -> c.withPassword("s3cret pass"))) {
            TestClient missing = r.connect("missing");
            missing.hello("bob", "lobby");
            assertThat(missing.awaitClose()).isEqualTo(CloseCodes.WRONG_PASSWORD);

            TestClient wrong = r.connect("wrong");
            wrong.send(new ClientMessage.Hello(1, "bob", "lobby", null, "s3cret", null));
            assertThat(wrong.awaitClose()).isEqualTo(CloseCodes.WRONG_PASSWORD);

            TestClient wrongCase = r.connect("wrong-case");
            wrongCase.send(new ClientMessage.Hello(1, "bob", "lobby", null, "S3CRET PASS", null));
            assertThat(wrongCase.awaitClose()).isEqualTo(CloseCodes.WRONG_PASSWORD);

            TestClient right = r.connect("right");
            ServerMessage.Welcome w = right.join(new ClientMessage.Hello(1, "bob", "lobby", null, "s3cret pass", null));
            assertThat(w.members()).containsExactly("bob");
        }
    }

    @Test
    void aPasswordSentToARelayWithoutOneIsIgnored() {
        TestClient c = relay.connect("pw");
        ServerMessage.Welcome w = c.join(new ClientMessage.Hello(1, "pw", room(), null, "anything", null));
        assertThat(w.nick()).isEqualTo("pw");
    }

    @Test
    void noHelloWithinTheHelloTimeoutClosesWith4408(@TempDir Path own) {
        try (TestRelay r = TestRelay.start(own, c -> c.withHelloTimeout(Duration.ofMillis(300)))) {
            TestClient silent = r.connect("silent");
            long start = System.nanoTime();
            assertThat(silent.awaitClose()).isEqualTo(CloseCodes.HELLO_TIMEOUT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));

            // a client that said hello in time is not closed once the timeout has passed
            TestClient prompt = r.connect("prompt");
            prompt.join("prompt", "lobby");
            await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(prompt::isOpen);
            prompt.chat("c-1", "still connected");
            assertThat(prompt.awaitNext(ServerMessage.Chat.class).id()).isEqualTo("c-1");
        }
    }

    @Test
    void defaultTimeoutsAreTenSecondsForHelloAndFiveForHandshakes() {
        assertThat(RelayConfig.defaults().helloTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RelayConfig.defaults().handshakeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(RelayConfig.defaults().port()).isEqualTo(Protocol.DEFAULT_PORT);
        assertThat(RelayConfig.defaults().limits()).isEqualTo(Limits.DEFAULTS);
    }
}
