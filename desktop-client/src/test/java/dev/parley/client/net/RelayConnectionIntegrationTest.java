package dev.parley.client.net;

import dev.parley.client.testing.Clips;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.RecordingEvents;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link RelayConnection} against a real relay over TLS on 127.0.0.1. */
class RelayConnectionIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestRelay relay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingEvents events = new RecordingEvents();
    private RelayConnection connection;
    private ProtocolClient bob;

    @BeforeEach
    void start() {
        relay = new TestRelay(dir.resolve("relay"));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        if (bob != null) {
            bob.close();
        }
        relay.close();
        scheduler.shutdownNow();
    }

    private RelayConnection connect(String pin, String nick) {
        connection = new RelayConnection(new JoinRequest(relay.address(), nick, "lobby", null, pin), events, scheduler,
                new Backoff(new Random(1)), Clock.systemUTC());
        connection.connect();
        return connection;
    }

    @Test
    void anUnknownCertificateIsReportedWithItsFingerprintAndNotTrusted() {
        connect(null, "alice");
        await().atMost(WAIT).until(() -> !events.untrusted.isEmpty());
        TrustProblem p = events.untrusted.get(0);
        assertThat(p.seen()).isEqualTo(relay.fingerprint());
        assertThat(p.changed()).isFalse();
        assertThat(events.welcomes).isEmpty();
        assertThat(connection.state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(events.last().reason().kind()).isEqualTo(ConnectionStatus.Kind.UNTRUSTED);
    }

    @Test
    void aDifferentPinnedCertificateIsRefusedAsChanged() {
        String other = "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";
        connect(other, "alice");
        await().atMost(WAIT).until(() -> !events.untrusted.isEmpty());
        assertThat(events.untrusted.get(0).changed()).isTrue();
        assertThat(events.untrusted.get(0).trustedBefore()).isEqualTo(other);
        assertThat(events.welcomes).isEmpty();
    }

    @Test
    void pinnedJoinsChatsAndReceivesVoiceByteIdentical() throws Exception {
        connect(relay.fingerprint(), "alice");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        connection.sendChat("c-1", "hello bob");
        bob.await(ServerMessage.Chat.class, c -> c.text().equals("hello bob") && c.from().equals("alice"));
        await().atMost(WAIT).until(() -> connection.outboxSize() == 0);
        byte[] clip = Clips.tone(4200, 300);
        bob.voice("v-1", clip);
        await().atMost(WAIT).until(() -> !events.clips.isEmpty());
        assertThat(events.clips.get(0)).isEqualTo(clip);
        assertThat(connection.highestSeq()).isEqualTo(2);
    }

    @Test
    void aTakenNickStopsWithoutRetrying() throws Exception {
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "alice", "lobby");
        connect(relay.fingerprint(), "ALICE");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.DISCONNECTED && events.last().reason() != null);
        assertThat(events.last().reason().kind()).isEqualTo(ConnectionStatus.Kind.REFUSED);
        assertThat(events.last().reason().closeCode()).isEqualTo(CloseCodes.NICK_TAKEN);
    }

    @Test
    void aMessageSentWhileTheRelayIsDownIsDeliveredOnceAfterItReturns() throws Exception {
        connect(relay.fingerprint(), "alice");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        connection.sendChat("c-1", "before");
        await().atMost(WAIT).until(() -> connection.outboxSize() == 0);

        relay.stop();
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.RECONNECTING);
        assertThat(events.last().reason().kind()).isEqualTo(ConnectionStatus.Kind.RELAY_STOPPED);
        assertThat(events.last().retryAtMillis()).isGreaterThan(0);
        connection.sendChat("c-2", "while down");
        assertThat(connection.outboxSize()).isEqualTo(1);
        relay.start();

        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED && connection.outboxSize() == 0);
        assertThat(events.welcomes).hasSize(2);
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
        bob.await(ServerMessage.Chat.class, c -> c.text().equals("while down"));
        assertThat(bob.count(ServerMessage.Chat.class, c -> c.id().equals("c-2"))).isEqualTo(1);
        // resumed with since: the first message was not replayed to alice again
        assertThat(events.stored.stream().filter(s -> s.id().equals("c-1")).count()).isEqualTo(1);
    }

    @Test
    void receiptsResumeFromTheHighestIdAndOneSaidWhileTheRelayWasDownGoesAfterTheWelcome() throws Exception {
        connect(relay.fingerprint(), "alice");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        assertThat(events.welcomes.get(0).protocol()).isEqualTo(Protocol.VERSION_3);
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby", Protocol.VERSION_3);
        bob.voice("v-1", Clips.tone(300, 440));
        bob.voice("v-2", Clips.tone(300, 440));
        await().atMost(WAIT).until(() -> connection.highestSeq() == 2);
        ProtocolClient carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol", "lobby",
                Protocol.VERSION_3);
        carol.played(1);
        await().atMost(WAIT).until(() -> connection.playedSince() > 0);
        long first = connection.playedSince();
        carol.close();

        relay.stop();
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.RECONNECTING);
        connection.sendPlayed(2); // heard while the relay was away
        assertThat(connection.receiptsWaiting()).containsExactly(2L);
        // the next attempt far enough away for carol to play message 2 before alice is back
        await().atMost(Duration.ofSeconds(30)).until(() -> connection.state() == ConnectionState.RECONNECTING
                && events.last().retryAtMillis() - System.currentTimeMillis() > 3000);
        relay.start();
        carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol", "lobby",
                Protocol.VERSION_3);
        try {
            carol.played(2);
            long second = carol.await(ServerMessage.Played.class, p -> p.seq() == 2 && p.nick().equals("carol")).id();
            assertThat(connection.state()).as("carol's receipt was stored while alice was away")
                    .isEqualTo(ConnectionState.RECONNECTING);
            connection.retryNow();

            // playedSince: only the receipt she missed comes, not the one she had; hers goes and is confirmed
            ServerMessage.Played missed = await().atMost(WAIT).until(() -> receipts().stream()
                    .filter(p -> p.id() == second).findFirst().orElse(null), p -> p != null);
            assertThat(missed.replay()).isTrue();
            ServerMessage.Played hers = carol.await(ServerMessage.Played.class,
                    p -> p.seq() == 2 && p.nick().equals("alice"));
            await().atMost(WAIT).until(() -> connection.receiptsWaiting().isEmpty());
            assertThat(connection.playedSince()).isEqualTo(hers.id());
            assertThat(receipts().stream().filter(p -> p.id() == first)).as("not sent again").hasSize(1);
        } finally {
            carol.close();
        }
    }

    private java.util.List<ServerMessage.Played> receipts() {
        return events.others.stream().filter(m -> m instanceof ServerMessage.Played)
                .map(m -> (ServerMessage.Played) m).toList();
    }

    @Test
    void aReconnectRefusedBecauseTheOldConnectionStillHoldsTheNickKeepsTrying() throws Exception {
        connect(relay.fingerprint(), "alice");
        await().atMost(WAIT).until(() -> connection.state() == ConnectionState.JOINED);
        relay.stop();
        // wait until the next attempt is far enough away for someone else to take the nick first
        await().atMost(Duration.ofSeconds(20)).until(() -> connection.state() == ConnectionState.RECONNECTING
                && events.last().retryAtMillis() - System.currentTimeMillis() > 1500);
        relay.start();
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "alice", "lobby");
        await().atMost(Duration.ofSeconds(20)).until(() -> events.last().reason() != null
                && events.last().reason().closeCode() == CloseCodes.NICK_TAKEN);
        assertThat(connection.state()).isEqualTo(ConnectionState.RECONNECTING);
        assertThat(events.last().reason().kind()).isEqualTo(ConnectionStatus.Kind.LOST);
        bob.close();
        bob = null;
        await().atMost(Duration.ofSeconds(40)).until(() -> connection.state() == ConnectionState.JOINED);
    }
}
