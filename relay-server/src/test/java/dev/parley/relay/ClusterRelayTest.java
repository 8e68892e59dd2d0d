package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ClusterServers;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two relays of one cluster, in this process, on a real PostgreSQL and a real nats-server that the test starts, with
 * real TLS clients: members on different relays chat, send clips and stream live voice to each other, in seq order and
 * stored once; a nick is unique across relays; a relay that stops lets its members go at once, and they rejoin on the
 * other relay with their session.
 */
class ClusterRelayTest {
    @RegisterExtension
    static final ClusterServers servers = new ClusterServers();

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    private String database;
    private TestRelay a;
    private TestRelay b;

    @BeforeEach
    void relays() {
        ClusterServers.Cluster cluster = servers.newCluster("cluster");
        database = cluster.database();
        a = TestRelay.start(dirA, c -> c.withDatabase(cluster.databaseUrl()).withCluster(cluster.bus()));
        b = TestRelay.start(dirB, c -> c.withDatabase(cluster.databaseUrl()).withCluster(cluster.bus()));
    }

    @AfterEach
    void stopRelays() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** The next frame of {@code type} that {@code c} receives, skipping frames of other types. */
    private static <T> T next(TestClient c, Class<T> type) {
        long until = System.nanoTime() + TestClient.WAIT.toNanos();
        while (System.nanoTime() < until) {
            Object item = c.awaitItems(1, Duration.ofNanos(Math.max(1, until - System.nanoTime()))).get(0);
            if (type.isInstance(item)) {
                return type.cast(item);
            }
        }
        throw new AssertionError(c.label() + ": no " + type.getSimpleName() + " within " + TestClient.WAIT);
    }

    /** Waits until {@code c}'s latest member list (welcome or presence) holds exactly {@code nicks}. */
    private static void awaitMembers(TestClient c, List<String> latest, String... nicks) {
        List<String> members = new ArrayList<>(latest);
        long until = System.nanoTime() + TestClient.WAIT.toNanos();
        while (!(members.size() == nicks.length && members.containsAll(List.of(nicks)))) {
            if (System.nanoTime() > until) {
                throw new AssertionError(c.label() + ": members " + members + ", not " + List.of(nicks));
            }
            members = next(c, ServerMessage.Presence.class).members();
        }
    }

    private long storedRows() throws Exception {
        try (Connection c = servers.postgres().connect(database); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM messages")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void chatFromBothRelaysReachesEveryoneInSeqOrderAndIsStoredOnce() throws Exception {
        TestClient alice = a.connect("alice");
        ServerMessage.Welcome aw = alice.join("alice", "lobby");
        TestClient bob = b.connect("bob");
        ServerMessage.Welcome bw = bob.join("bob", "lobby");
        awaitMembers(alice, aw.members(), "alice", "bob");
        awaitMembers(bob, bw.members(), "alice", "bob");

        for (int i = 0; i < 40; i++) {
            (i % 2 == 0 ? alice : bob).chat("m-" + i, "message " + i);
        }
        for (TestClient c : List.of(alice, bob)) {
            List<Long> seqs = new ArrayList<>();
            while (seqs.size() < 40) {
                seqs.add(next(c, ServerMessage.Chat.class).seq());
            }
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s <= 40; s++) {
                expected.add(s);
            }
            assertThat(seqs).as(c.label()).isEqualTo(expected);
        }
        assertThat(storedRows()).isEqualTo(40);
    }

    @Test
    void clipsSmallAndOverTheBusLimitReachTheOtherRelayIntact() {
        TestClient alice = a.connect("alice");
        alice.join("alice", "lobby");
        TestClient bob = b.connect("bob");
        ServerMessage.Welcome bw = bob.join("bob", "lobby");
        awaitMembers(bob, bw.members(), "alice", "bob");

        byte[] small = Clips.ofBytes(64_044, 16_000);
        byte[] large = Clips.ofBytes(1_500_044, 16_000); // over NATS's default max_payload (1 MiB): read from the database
        alice.voice("v-small", small);
        alice.voice("v-large", large);
        ReceivedVoice first = next(bob, ReceivedVoice.class);
        ReceivedVoice second = next(bob, ReceivedVoice.class);
        assertThat(first.header().id()).isEqualTo("v-small");
        assertThat(first.clip()).isEqualTo(small);
        assertThat(second.header().id()).isEqualTo("v-large");
        assertThat(second.clip()).isEqualTo(large);
        assertThat(second.seq()).isEqualTo(first.seq() + 1);
    }

    @Test
    void aListenerOnOneRelayHearsASpeakerOnTheOtherLive() {
        TestClient alice = a.connect("alice");
        ServerMessage.Welcome aw = alice.joinLive("alice", "lobby");
        TestClient bob = b.connect("bob");
        ServerMessage.Welcome bw = bob.joinLive("bob", "lobby");
        awaitMembers(bob, bw.members(), "alice", "bob");
        // relay a forwards a stream's chunks only once it knows someone elsewhere listens: alice sees bob when it does
        awaitMembers(alice, aw.members(), "alice", "bob");

        alice.voiceStart("s-1", 16_000, 1);
        for (int n = 0; n < 5; n++) {
            alice.voiceChunk("s-1", n, new byte[640]);
        }
        alice.voiceEnd("s-1");
        assertThat(next(bob, ServerMessage.VoiceStart.class).from()).isEqualTo("alice");
        for (int n = 0; n < 5; n++) {
            assertThat(next(bob, ReceivedChunk.class).header().n()).isEqualTo(n);
        }
        assertThat(next(bob, ReceivedVoice.class).header().id()).isEqualTo("s-1");
    }

    @Test
    void aNickHeldOnOneRelayIsRefusedOnTheOther() {
        TestClient alice = a.connect("alice");
        alice.join("alice", "lobby");
        TestClient bob = b.connect("bob");
        ServerMessage.Welcome bw = bob.join("bob", "lobby");
        awaitMembers(bob, bw.members(), "alice", "bob");

        TestClient impostor = b.connect("impostor");
        impostor.hello("ALICE", "lobby");
        assertThat(impostor.awaitClose()).isEqualTo(CloseCodes.NICK_TAKEN);
    }

    @Test
    void whenARelayStopsItsMembersLeaveAtOnceAndRejoinTheOtherWithTheirSession() {
        TestClient alice = a.connect("alice");
        ServerMessage.Welcome aw = alice.join("alice", "lobby");
        TestClient bob = b.connect("bob");
        ServerMessage.Welcome bw = bob.join("bob", "lobby");
        awaitMembers(bob, bw.members(), "alice", "bob");
        alice.chat("before", "said on relay a");
        long seq = next(bob, ServerMessage.Chat.class).seq();

        a.closeRelay();
        awaitMembers(bob, List.of("alice", "bob"), "bob");

        TestClient again = b.connect("alice again");
        ServerMessage.Welcome w = again.join(new ClientMessage.Hello(1, "alice", "lobby", seq - 1, null, null, null,
                aw.session()));
        assertThat(w.members()).containsExactlyInAnyOrder("alice", "bob");
        ServerMessage.Chat replayed = next(again, ServerMessage.Chat.class);
        assertThat(replayed.seq()).isEqualTo(seq);
        assertThat(replayed.replay()).isTrue();
    }
}
