package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.relay.PasswordBan;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.parley.relay.core.ClusterCores.awaitMembers;
import static dev.parley.relay.core.ClusterCores.chatSeqs;
import static dev.parley.relay.core.ClusterCores.join;
import static dev.parley.relay.core.ClusterCores.next;
import static dev.parley.relay.core.ClusterCores.rest;
import static dev.parley.relay.core.ClusterCores.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Relays of one cluster driven through their {@link Relay} cores with fake members: one shared store (as relays of a
 * cluster share one database), an in-process bus with the real bus's rules. Members on different relays see one member
 * list, each other's messages once and in seq order, typing; a nick is unique across relays; a relay gone silent loses
 * its members; what the bus lost while down is read from the store.
 */
class ClusterLogicTest {
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private ClusterCores cores;

    @BeforeEach
    void start() throws Exception {
        cores = new ClusterCores(dir, clock);
    }

    @AfterEach
    void stop() {
        cores.close();
    }

    private Relay relay() {
        return cores.relay();
    }

    /** Two relays, alice a member of one and bob of the other, each knowing the other's member. */
    private record Pair(Relay a, Relay b, FakeMember alice, FakeMember bob, Session as, Session bs) {
    }

    private Pair aliceOnAbobOnB() throws InterruptedException {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        awaitMembers(bob, "alice", "bob");
        awaitMembers(alice, "alice", "bob");
        return new Pair(a, b, alice, bob, as, bs);
    }




    @Test
    void membersOnTwoRelaysSeeOneMemberListAndEachOthersChatOnce() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session as = join(a, alice, "alice");
        join(b, bob, "bob");
        awaitMembers(alice, "alice", "bob");
        awaitMembers(bob, "alice", "bob");

        a.onText(as, "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hello from a\"}");
        ServerMessage.Chat atBob = next(bob, ServerMessage.Chat.class);
        assertThat(atBob.from()).isEqualTo("alice");
        assertThat(atBob.text()).isEqualTo("hello from a");
        assertThat(atBob.seq()).isEqualTo(next(alice, ServerMessage.Chat.class).seq());
        cores.store.flush();
        assertThat(cores.store.lastSeq("lobby")).isEqualTo(atBob.seq());
        assertThat(rest(bob)).noneMatch(m -> m instanceof ServerMessage.Chat);
    }

    @Test
    void messagesFromBothRelaysReachEveryoneInSeqOrderOnce() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        next(alice, ServerMessage.Welcome.class);
        next(bob, ServerMessage.Welcome.class);
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                a.onText(as, "{\"type\":\"chat\",\"id\":\"a-" + i + "\",\"text\":\"" + i + "\"}");
            } else {
                b.onText(bs, "{\"type\":\"chat\",\"id\":\"b-" + i + "\",\"text\":\"" + i + "\"}");
            }
        }
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= 100; seq++) {
            expected.add(seq);
        }
        assertThat(chatSeqs(alice, 100)).isEqualTo(expected);
        assertThat(chatSeqs(bob, 100)).isEqualTo(expected);
    }

    @Test
    void typingReachesMembersOnTheOtherRelay() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        a.onText(as, "{\"type\":\"typing\",\"state\":\"typing\"}");
        assertThat(next(bob, ServerMessage.Typing.class)).isEqualTo(new ServerMessage.Typing("alice", TypingState.TYPING));
    }

    @Test
    void aTypingMemberWhoResumesOnItsRelayGoesIdleForMembersOnTheOtherRelay() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember bob = p.bob();
        String token = p.as().id();
        a.onText(p.as(), "{\"type\":\"typing\",\"state\":\"typing\"}");
        assertThat(next(bob, ServerMessage.Typing.class)).isEqualTo(new ServerMessage.Typing("alice", TypingState.TYPING));

        FakeMember again = new FakeMember();
        Session s = a.open(again);
        a.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"alice\",\"room\":\"lobby\",\"resume\":\"" + token + "\"}");
        next(again, ServerMessage.Welcome.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> p.alice().closes.contains(CloseCodes.REPLACED));
        assertThat(next(bob, ServerMessage.Typing.class)).isEqualTo(new ServerMessage.Typing("alice", TypingState.IDLE));
    }

    @Test
    void aNickTakenOnOneRelayIsRefusedOnAnother() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        join(a, alice, "alice");
        next(alice, ServerMessage.Welcome.class);
        FakeMember bob = new FakeMember();
        join(b, bob, "bob");
        awaitMembers(bob, "alice", "bob");
        FakeMember again = new FakeMember();
        join(b, again, "Alice");
        assertThat(again.closes).containsExactly(CloseCodes.NICK_TAKEN);
    }

    @Test
    void ofTwoMembersWhoTookOneNickOnTwoRelaysAtOnceTheEarlierStays() throws Exception {
        Relay a = relay();
        Relay b = relay();
        cores.bus.disconnect();
        FakeMember first = new FakeMember();
        FakeMember second = new FakeMember();
        join(a, first, "dave");
        clock.advance(Duration.ofMillis(5));
        Session late = join(b, second, "dave");
        next(first, ServerMessage.Welcome.class);
        next(second, ServerMessage.Welcome.class);
        cores.bus.reconnect();
        await().atMost(Duration.ofSeconds(5)).until(() -> !second.closes.isEmpty());
        assertThat(second.closes).containsExactly(CloseCodes.NICK_TAKEN);
        assertThat(first.closes).isEmpty();
        b.onClose(late, CloseCodes.NICK_TAKEN, "taken");
    }

    @Test
    void aRelayNotHeardFromLosesItsMembersWithinSeconds() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        long before = System.nanoTime();
        cores.buses.get(0).close(); // relay a dies: no goodbye, no more alive events
        ServerMessage.Presence left = next(bob, ServerMessage.Presence.class);
        assertThat(left.event()).isEqualTo(ServerMessage.Presence.Event.LEAVE);
        assertThat(left.nick()).isEqualTo("alice");
        assertThat(left.members()).containsExactly("bob");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(ClusterCores.GONE.multipliedBy(5));
    }

    @Test
    void whatTheBusLostWhileDownIsReadFromTheStore() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        cores.bus.disconnect();
        a.onText(as, "{\"type\":\"chat\",\"id\":\"lost-1\",\"text\":\"while the bus was down\"}");
        a.onText(as, "{\"type\":\"chat\",\"id\":\"lost-2\",\"text\":\"and again\"}");
        assertThat(chatSeqs(alice, 2)).containsExactly(1L, 2L);
        cores.bus.reconnect();
        assertThat(chatSeqs(bob, 2)).containsExactly(1L, 2L);
        a.onText(as, "{\"type\":\"chat\",\"id\":\"after\",\"text\":\"back\"}");
        assertThat(chatSeqs(bob, 1)).containsExactly(3L);
    }

    @Test
    void aListenerOnAnotherRelayHearsALiveStreamThenGetsItsStoredClipOnce() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        stream(a, as, "v-1", 3, true);

        assertThat(next(bob, ServerMessage.VoiceStart.class).from()).isEqualTo("alice");
        for (int n = 0; n < 3; n++) {
            assertThat(next(bob, ServerMessage.VoiceChunk.class).n()).isEqualTo(n);
        }
        ServerMessage.Voice stored = next(bob, ServerMessage.Voice.class);
        assertThat(stored.id()).isEqualTo("v-1");
        assertThat(stored.seq()).isEqualTo(1);
        assertThat(rest(bob)).noneMatch(m -> m instanceof ServerMessage.Voice);
    }

    @Test
    void aReceiptStoredOnOneRelayReachesTheSenderOnAnother() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        Relay b = p.b();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        Session bs = p.bs();
        stream(a, as, "v-1", 1, true);
        long seq = next(bob, ServerMessage.Voice.class).seq();

        b.onText(bs, "{\"type\":\"played\",\"seq\":" + seq + "}");
        ServerMessage.Played told = next(alice, ServerMessage.Played.class);
        assertThat(told.nick()).isEqualTo("bob");
        assertThat(told.seq()).isEqualTo(seq);
        assertThat(next(bob, ServerMessage.Played.class).id()).isEqualTo(told.id());
    }

    @Test
    void theSameMemberReconnectingToAnotherRelayReplacesItsOldSession() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember bob = new FakeMember();
        join(b, bob, "bob");
        FakeMember first = new FakeMember();
        join(a, first, "alice");
        String token = next(first, ServerMessage.Welcome.class).session();
        awaitMembers(bob, "alice", "bob");

        FakeMember again = new FakeMember();
        Session s = b.open(again);
        b.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"alice\",\"room\":\"lobby\",\"resume\":\"" + token + "\"}");
        assertThat(next(again, ServerMessage.Welcome.class).members()).containsExactlyInAnyOrder("alice", "bob");
        await().atMost(Duration.ofSeconds(5)).until(() -> first.closes.contains(CloseCodes.REPLACED));

        FakeMember stranger = new FakeMember();
        Session t = a.open(stranger);
        a.onText(t, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"alice\",\"room\":\"lobby\",\"resume\":\"" + token + "x\"}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !stranger.closes.isEmpty());
        assertThat(stranger.closes).containsExactly(CloseCodes.NICK_TAKEN);
    }

    @Test
    void wrongPasswordsCountAcrossTheClusterSoABanHoldsOnEveryRelay() {
        cores.config = cores.config.withPassword("s3cret").withPasswordBan(new PasswordBan(3, Duration.ofMinutes(1), Duration.ofMinutes(5)));
        Relay a = relay();
        Relay b = relay();
        for (int i = 0; i < 3; i++) {
            FakeMember guess = new FakeMember("198.51.100.7");
            a.onText(a.open(guess), "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"eve\",\"room\":\"lobby\",\"password\":\"guess" + i + "\"}");
            assertThat(guess.closes).containsExactly(CloseCodes.WRONG_PASSWORD);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            // a hello without a password is answered (4401, or 4429 once banned) without counting as a guess
            FakeMember probe = new FakeMember("198.51.100.7");
            b.onText(b.open(probe), "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"eve\",\"room\":\"lobby\"}");
            return probe.closes.contains(CloseCodes.TOO_MANY_ATTEMPTS);
        });
        FakeMember right = new FakeMember("198.51.100.7");
        b.onText(b.open(right), "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"eve\",\"room\":\"lobby\",\"password\":\"s3cret\"}");
        assertThat(right.closes).containsExactly(CloseCodes.TOO_MANY_ATTEMPTS);
        FakeMember other = new FakeMember("198.51.100.8");
        Session s = b.open(other);
        b.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"eve\",\"room\":\"lobby\",\"password\":\"s3cret\"}");
        assertThat(other.closes).isEmpty();
    }

    @Test
    void aStreamWhoseRelayDiesMidwayIsInterruptedForListenersElsewhere() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        stream(a, as, "v-9", 1, false);
        next(bob, ServerMessage.VoiceChunk.class);

        cores.buses.get(0).close(); // relay a dies mid-stream
        ServerMessage.VoiceAbort abort = next(bob, ServerMessage.VoiceAbort.class);
        assertThat(abort.id()).isEqualTo("v-9");
        assertThat(abort.from()).isEqualTo("alice");
        assertThat(abort.reason()).isEqualTo(AbortReason.INTERRUPTED);
        assertThat(next(bob, ServerMessage.Presence.class).members()).containsExactly("bob");
    }

    @Test
    void whatADeadRelayStoredButNeverToldIsReadFromTheStore() throws Exception {
        Pair p = aliceOnAbobOnB();
        Relay a = p.a();
        FakeMember alice = p.alice();
        FakeMember bob = p.bob();
        Session as = p.as();
        cores.buses.get(0).close(); // relay a is cut off: its last message is stored, and the bus never carries it
        a.onText(as, "{\"type\":\"chat\",\"id\":\"last-words\",\"text\":\"stored, never told\"}");
        assertThat(chatSeqs(alice, 1)).containsExactly(1L);

        ServerMessage.Chat got = next(bob, ServerMessage.Chat.class);
        assertThat(got.seq()).isEqualTo(1);
        assertThat(got.text()).isEqualTo("stored, never told");
    }
}
