package dev.parley.client.net;

import dev.parley.client.testing.CuttingProxy;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.RecordingEvents;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link RelayConnection} with two real relays over TLS: relay one's {@code welcome} lists relay two (the directory a
 * cluster would feed); when relay one goes, the connection carries on from relay two, trusting only the fingerprint
 * relay one vouched for, at that address only. And {@code resume}: the same person reconnecting while the relay still
 * holds their dropped connection takes its place; the connection that was replaced stops with a clear status.
 */
class FailoverIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The back-off's first two delays with the longest jitter (0.6 s + 1.2 s), and room for the handshakes. */
    private static final Duration WITHIN_BACKOFF = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingEvents events = new RecordingEvents();
    private RelayConnection connection;

    @AfterEach
    void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    private <T extends AutoCloseable> T later(T c) {
        closeLast.add(c);
        return c;
    }

    private ProtocolClient later(ProtocolClient c) {
        closeLast.add(c::close);
        return c;
    }

    /** Relay one, whose welcome lists itself and then {@code others}. */
    private TestRelay relayOneListing(dev.parley.protocol.RelayAddress... others) {
        AtomicReference<TestRelay> self = new AtomicReference<>();
        TestRelay one = TestRelay.listing(dir.resolve("one"), fingerprint -> () -> {
            List<dev.parley.protocol.RelayAddress> list = new ArrayList<>();
            list.add(self.get().listed());
            list.addAll(List.of(others));
            return list;
        });
        self.set(one);
        return one;
    }

    private RelayConnection connect(TestRelay relay, String nick, Function<RelayAddress, Optional<String>> pins) {
        connection = new RelayConnection(new JoinRequest(relay.address(), nick, "lobby", null, relay.fingerprint()),
                events, LiveVoiceEvents.NONE, scheduler, new Backoff(new Random(1)), Clock.systemUTC(), pins);
        connection.connect();
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        return connection;
    }

    private static void say(TestRelay relay, String nick, String... texts) throws Exception {
        ProtocolClient c = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), nick, "lobby");
        try {
            for (int i = 0; i < texts.length; i++) {
                c.chat(nick + "-" + i, texts[i]);
                String text = texts[i];
                c.await(ServerMessage.Chat.class, m -> m.text().equals(text));
            }
        } finally {
            c.close();
        }
    }

    @Test
    void whenRelayOneGoesTheConnectionResumesOnRelayTwoFromItsLastSeqWithNothingLostOrTwice() throws Exception {
        TestRelay two = later(new TestRelay(dir.resolve("two")));
        // relay two's history of the room runs as relay one's would in a cluster: the same first three, then two more
        say(two, "bob", "m1", "m2", "m3", "m4 while alice moved", "m5 while alice moved");
        TestRelay one = later(relayOneListing(two.listed()));
        say(one, "bob", "m1", "m2", "m3");
        connect(one, "alice", address -> Optional.empty());
        await().atMost(WAIT).until(() -> connection.highestSeq() == 3);
        assertThat(events.welcomes.get(0).relays()).containsExactly(one.listed(), two.listed());
        assertThat(connection.relay()).isEqualTo(one.address());

        one.stop();
        connection.sendChat("c-1", "typed while relay one was gone");
        long stopped = System.nanoTime();
        await().atMost(WITHIN_BACKOFF).until(() -> connection.state() == ConnectionState.JOINED
                && connection.relay().equals(two.address()));
        Duration took = Duration.ofNanos(System.nanoTime() - stopped);

        assertThat(took).isLessThan(WITHIN_BACKOFF);
        ConnectionStatus joined = events.last();
        assertThat(joined.state()).isEqualTo(ConnectionState.JOINED);
        assertThat(joined.relay()).isEqualTo(two.address());
        assertThat(events.untrusted).as("nobody was asked to trust relay two").isEmpty();
        await().atMost(WAIT).until(() -> connection.outboxSize() == 0);
        // since = 3 on relay two: seq 4 and 5 replayed, then our own message as seq 6; 1 to 3 never came twice
        List<Long> seqs = events.stored.stream().map(ServerMessage.Stored::seq).toList();
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        ServerMessage.Stored own = events.stored.get(5);
        assertThat(own.from()).isEqualTo("alice");
        assertThat(own.id()).isEqualTo("c-1");
        ProtocolClient carol = later(ProtocolClient.join(two.address().uri(), two.relay().certificate(), "carol",
                "lobby"));
        carol.await(ServerMessage.Chat.class, c -> c.seq() == 6);
        assertThat(carol.count(ServerMessage.Chat.class, c -> c.id().equals("c-1"))).isEqualTo(1);
    }

    @Test
    void aListedRelayThatDoesNotPresentTheVouchedCertificateIsNeverJoinedNorTheRelayTrusted() throws Exception {
        TestRelay two = later(new TestRelay(dir.resolve("two")));
        TestRelay impostor = later(new TestRelay(dir.resolve("impostor")));
        // relay one vouches for relay two's address with another certificate's fingerprint
        dev.parley.protocol.RelayAddress wrong = new dev.parley.protocol.RelayAddress(two.listed().url(),
                impostor.fingerprint());
        TestRelay one = later(relayOneListing(wrong));
        connect(one, "alice", address -> Optional.empty());

        one.stop();
        // a status names the relay of the next attempt and why the last one ended: relay two's refused certificate
        await().atMost(WAIT).until(() -> events.statuses.stream().anyMatch(s -> s.reason() != null
                && "certificate not the one trusted there".equals(s.reason().detail())));
        assertThat(events.statuses).extracting(ConnectionStatus::relay).contains(two.address());
        assertThat(connection.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(events.untrusted).as("the person is never asked about a relay they did not choose").isEmpty();
        assertThat(events.welcomes).hasSize(1);

        one.start(); // same port, same certificate: the round comes back to it
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        assertThat(connection.relay()).isEqualTo(one.address());
        assertThat(events.welcomes).hasSize(2);
    }

    @Test
    void aRelayThatIsNotListedIsNeverTriedAndThePersonsOwnPinBeatsAVouch() throws Exception {
        TestRelay two = later(new TestRelay(dir.resolve("two")));
        TestRelay three = later(new TestRelay(dir.resolve("three")));
        // relay one lists relay three only; the person pinned another certificate for relay three's address
        TestRelay one = later(relayOneListing(three.listed()));
        Map<RelayAddress, String> personsPins = Map.of(three.address(), two.fingerprint());
        connect(one, "alice", address -> Optional.ofNullable(personsPins.get(address)));

        one.stop();
        // the round: relay one, relay three (with the person's pin: refused), relay one, relay three ...
        await().atMost(WAIT).until(() -> events.statuses.stream().filter(s -> three.address().equals(s.relay()))
                .count() >= 2);
        assertThat(events.statuses).extracting(ConnectionStatus::relay).as("never relay two: nobody listed it")
                .doesNotContain(two.address()).containsOnly(one.address(), three.address());
        assertThat(events.welcomes).hasSize(1);
        assertThat(events.untrusted).isEmpty();
        assertThat(connection.state()).isEqualTo(ConnectionState.RECONNECTING);
    }

    @Test
    void reconnectingWhileTheRelayStillHoldsTheOldConnectionResumesItInsteadOfBeingRefused() throws Exception {
        TestRelay relay = later(new TestRelay(dir.resolve("relay")));
        CuttingProxy proxy = later(new CuttingProxy(relay.address().port()));
        ProtocolClient bob = later(ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob",
                "lobby"));
        RelayAddress viaProxy = new RelayAddress("127.0.0.1", proxy.port());
        connection = new RelayConnection(new JoinRequest(viaProxy, "alice", "lobby", null, relay.fingerprint()),
                events, LiveVoiceEvents.NONE, scheduler, new Backoff(new Random(1)), Clock.systemUTC(),
                address -> Optional.empty());
        connection.connect();
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        String firstSession = connection.session();
        bob.await(ServerMessage.Presence.class, p -> p.nick().equals("alice"));

        proxy.cutClients(); // the app's side resets; the relay still holds alice's connection
        await().atMost(WAIT).until(() -> events.welcomes.size() == 2);

        assertThat(connection.state()).isEqualTo(ConnectionState.JOINED);
        assertThat(connection.session()).isNotEqualTo(firstSession);
        assertThat(events.statuses).as("never refused as a duplicate of itself")
                .noneMatch(s -> s.reason() != null && s.reason().closeCode() == CloseCodes.NICK_TAKEN);
        assertThat(events.welcomes.get(1).members()).containsExactly("bob", "alice");
        connection.sendChat("c-1", "back");
        bob.await(ServerMessage.Chat.class, c -> c.text().equals("back"));
        assertThat(bob.count(ServerMessage.Presence.class, p -> p.event() == ServerMessage.Presence.Event.LEAVE))
                .as("bob saw alice reconnect, not leave").isZero();
    }

    @Test
    void theConnectionThatWasReplacedStopsSayingSoAndDoesNotTakeThePlaceBack() throws Exception {
        TestRelay relay = later(new TestRelay(dir.resolve("relay")));
        connect(relay, "alice", address -> Optional.empty());

        ProtocolClient elsewhere = later(ProtocolClient.resuming(relay.address().uri(), relay.relay().certificate(),
                "alice", "lobby", connection.session()));

        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.DISCONNECTED);
        ConnectionStatus.Reason why = events.last().reason();
        assertThat(why.kind()).isEqualTo(ConnectionStatus.Kind.REFUSED);
        assertThat(why.closeCode()).isEqualTo(CloseCodes.REPLACED);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> connection.state() == ConnectionState.DISCONNECTED && events.welcomes.size() == 1);
        elsewhere.chat("c-9", "still here");
        elsewhere.await(ServerMessage.Chat.class, c -> c.id().equals("c-9"));
    }
}
