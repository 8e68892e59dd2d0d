package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.store.SqliteMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay's rules driven through {@link Relay} with fake members: no sockets, real storage. */
class RelayLogicTest {
    @TempDir
    Path dir;
    private SqliteMessageStore store;
    private ScheduledExecutorService timers;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        RelayConfig config = RelayConfig.defaults().withDataDir(dir).withHelloTimeout(Duration.ofMillis(200))
                .withRateLimits(new RateLimits(1, 3, 1 << 20, 1 << 20));
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
        timers = Executors.newSingleThreadScheduledExecutor();
        relay = new Relay(config, store, timers, timers);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        store.close();
    }

    private Session join(FakeMember m, String nick) throws InterruptedException {
        Session s = relay.open(m);
        relay.onText(s, "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"" + nick + "\",\"room\":\"lobby\"}");
        m.next(ServerMessage.Welcome.class);
        return s;
    }

    @Test
    void chatIsEchoedToTheSenderAndForwardedWithServerFields() throws Exception {
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session a = join(alice, "alice");
        join(bob, "bob");
        assertThat(alice.next(ServerMessage.Presence.class).members()).containsExactly("alice", "bob");

        relay.onText(a, "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hi\",\"from\":\"mallory\"}");

        ServerMessage.Chat echo = alice.next(ServerMessage.Chat.class);
        ServerMessage.Chat copy = bob.next(ServerMessage.Chat.class);
        assertThat(echo).isEqualTo(copy);
        assertThat(echo.from()).isEqualTo("alice");
        assertThat(echo.seq()).isEqualTo(1);
        assertThat(echo.replay()).isFalse();
    }

    @Test
    void typingGoesToOthersAndChatImpliesIdle() throws Exception {
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session a = join(alice, "alice");
        join(bob, "bob");
        alice.next(ServerMessage.Presence.class);

        relay.onText(a, "{\"type\":\"typing\",\"state\":\"typing\"}");
        assertThat(bob.next(ServerMessage.Typing.class)).isEqualTo(new ServerMessage.Typing("alice", TypingState.TYPING));
        relay.onText(a, "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"done\"}");
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);
        bob.next(ServerMessage.Chat.class);
        alice.next(ServerMessage.Chat.class);
        assertThat(alice.received).isEmpty();
    }

    @Test
    void theOnlineCountFollowsJoinsAndLeavesNotRefusals() throws Exception {
        List<Integer> told = new CopyOnWriteArrayList<>();
        relay.onOnlineChanged(() -> told.add(relay.online()));
        Session a = join(new FakeMember(), "alice");
        join(new FakeMember(), "bob");
        FakeMember again = new FakeMember();
        relay.onText(relay.open(again), "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"ALICE\",\"room\":\"lobby\"}");
        assertThat(again.closes).containsExactly(CloseCodes.NICK_TAKEN);
        relay.onClose(a, CloseCodes.GOING_AWAY, "bye");
        relay.onClose(a, CloseCodes.GOING_AWAY, "twice");
        assertThat(told).containsExactly(1, 2, 1);
        assertThat(relay.online()).isEqualTo(1);
    }

    @Test
    void aMemberResumingItsSessionReplacesItsOldConnectionAndIsCountedOnce() throws Exception {
        List<Integer> told = new CopyOnWriteArrayList<>();
        relay.onOnlineChanged(() -> told.add(relay.online()));
        FakeMember old = new FakeMember();
        Session first = relay.open(old);
        relay.onText(first, "{\"type\":\"hello\",\"protocol\":2,\"nick\":\"alice\",\"room\":\"lobby\"}");
        String session = old.next(ServerMessage.Welcome.class).session();
        FakeMember bob = new FakeMember();
        join(bob, "bob");
        old.next(ServerMessage.Presence.class);
        relay.onText(first, "{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"pcm16\",\"sampleRate\":16000,"
                + "\"channels\":1}");

        FakeMember again = new FakeMember();
        Session second = relay.open(again);
        relay.onText(second, "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\","
                + "\"resume\":\"" + session + "\"}");

        assertThat(again.next(ServerMessage.Welcome.class).members()).containsExactly("bob", "alice");
        assertThat(old.closes).containsExactly(CloseCodes.REPLACED);
        // bob (protocol 1) heard the stream as recording; it ends, then the member is there again
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.RECORDING);
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);
        assertThat(bob.next(ServerMessage.Presence.class).event()).isEqualTo(ServerMessage.Presence.Event.JOIN);
        // the old connection's frames are ignored from now on, and its close announces nothing
        relay.onText(first, "{\"type\":\"chat\",\"id\":\"late\",\"text\":\"from the old one\"}");
        relay.onClose(first, CloseCodes.REPLACED, "replaced");
        relay.onText(second, "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"back\"}");
        assertThat(bob.next(ServerMessage.Chat.class).id()).isEqualTo("c-1");
        assertThat(bob.received).isEmpty();
        assertThat(relay.online()).isEqualTo(2);
        assertThat(told).containsExactly(1, 2, 2);
        relay.onClose(second, CloseCodes.NORMAL, "bye");
        assertThat(bob.next(ServerMessage.Presence.class).event()).isEqualTo(ServerMessage.Presence.Event.LEAVE);
        assertThat(relay.online()).isEqualTo(1);
        assertThat(relay.occupiedRooms()).isEqualTo(1);
    }

    @Test
    void helloTimeoutClosesWith4408() {
        FakeMember silent = new FakeMember();
        relay.open(silent);
        await().atMost(Duration.ofSeconds(5)).until(() -> !silent.closes.isEmpty());
        assertThat(silent.closes).containsExactly(CloseCodes.HELLO_TIMEOUT);
    }

    @Test
    void overTheRateTheSenderGetsRateLimitedAndNothingIsStored() throws Exception {
        FakeMember alice = new FakeMember();
        Session a = join(alice, "alice");
        for (int i = 0; i < 4; i++) {
            relay.onText(a, "{\"type\":\"chat\",\"id\":\"c-" + i + "\",\"text\":\"x\"}");
        }
        // the refusal is sent at once, the echoes once stored: either may come first
        java.util.List<ServerMessage> got = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(alice.next(ServerMessage.class));
        }
        java.util.List<ServerMessage.Error> errors = got.stream().filter(ServerMessage.Error.class::isInstance)
                .map(ServerMessage.Error.class::cast).toList();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(errors.get(0).ref()).isEqualTo("c-3");
        assertThat(got.stream().filter(ServerMessage.Chat.class::isInstance).map(m -> ((ServerMessage.Chat) m).id()))
                .containsExactly("c-0", "c-1", "c-2");
        store.flush();
        assertThat(store.lastSeq("lobby")).isEqualTo(3);
    }

    @Test
    void aReplayPausesWhileTheMemberIsBackedUpAndLiveMessagesWaitBehindIt() throws Exception {
        FakeMember alice = new FakeMember();
        Session a = join(alice, "alice");
        relay.onText(a, "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"one\"}");
        alice.next(ServerMessage.Chat.class);

        FakeMember bob = new FakeMember();
        bob.buffered = Long.MAX_VALUE;
        Session b = relay.open(bob);
        relay.onText(b, "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"bob\",\"room\":\"lobby\",\"since\":0}");
        bob.next(ServerMessage.Welcome.class);
        relay.onText(a, "{\"type\":\"chat\",\"id\":\"c-2\",\"text\":\"two\"}");
        alice.next(ServerMessage.Presence.class);
        alice.next(ServerMessage.Chat.class);
        assertThat(bob.received).isEmpty();

        bob.buffered = 0;
        ServerMessage.Chat replayed = bob.next(ServerMessage.Chat.class);
        ServerMessage.Chat live = bob.next(ServerMessage.Chat.class);
        assertThat(replayed.seq()).isEqualTo(1);
        assertThat(replayed.replay()).isTrue();
        assertThat(live.seq()).isEqualTo(2);
        assertThat(live.replay()).isFalse();
    }
}
