package dev.parley.client.net;

import dev.parley.client.testing.OldRelay;
import dev.parley.client.testing.RecordingEvents;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app against a relay that speaks only protocol 1 (PROTOCOL.md, "Negotiation"): {@link RelayConnection} asks for
 * 2, is closed with 4426, asks again for 1 at once, and then sends recordings whole. The relay is {@link OldRelay}, a
 * real TLS WebSocket server on 127.0.0.1 whose certificate the connection pins.
 */
class ProtocolFallbackIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private OldRelay relay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingEvents events = new RecordingEvents();
    private final RecordingLiveEvents live = new RecordingLiveEvents();
    private RelayConnection alice;

    @BeforeEach
    void start() {
        relay = new OldRelay(dir.resolve("old-relay"));
    }

    @AfterEach
    void stop() {
        if (alice != null) {
            alice.close();
        }
        relay.close();
        scheduler.shutdownNow();
    }

    private RelayConnection connect(RecordingEvents to, RecordingLiveEvents liveTo) {
        RelayConnection c = new RelayConnection(new JoinRequest(relay.address(), "alice", "lobby", null, relay.fingerprint()),
                to, liveTo, scheduler, new Backoff(new Random(1)), Clock.systemUTC());
        c.connect();
        return c;
    }

    private static byte[] clip(int seed) {
        byte[] pcm = new byte[16_000];
        new Random(seed).nextBytes(pcm);
        return Wav.write(pcm, 16_000, 1);
    }

    private List<ConnectionState> states() {
        return events.statuses.stream().map(ConnectionStatus::state).toList();
    }

    @Test
    void aRelayThatRefusesVersions3And2IsJoinedOnVersion1AndClipsGoWholeExactlyOnce() {
        alice = connect(events, live);
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.JOINED);

        assertThat(relay.askedVersions()).as("one hello for 3, refused, one for 2, refused, then one for 1")
                .containsExactly(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1);
        assertThat(events.welcomes).singleElement().extracting(ServerMessage.Welcome::protocol).isEqualTo(Protocol.VERSION_1);
        assertThat(alice.liveVoiceAvailable()).isFalse();
        // the person sees connecting, then joined: the refused hello is no error, no reconnect, no "lost"
        assertThat(states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.JOINED);
        assertThat(events.statuses).allSatisfy(s -> assertThat(s.reason()).isNull());
        assertThat(events.others).noneMatch(m -> m instanceof ServerMessage.Error);
        assertThat(events.untrusted).isEmpty();
        assertThat(live.seen).as("never joined on 2, so no live session was lost").isEmpty();

        // push to talk on a version-1 session: no stream, the whole clip once at the end
        assertThat(alice.startStream("v-1", 16_000, 1)).isFalse();
        assertThat(alice.sendChunk("v-1", 0, new byte[640])).isFalse();
        byte[] wav = clip(1);
        alice.endStream("v-1", wav);
        await().atMost(WAIT).until(() -> alice.outboxSize() == 0);

        assertThat(relay.binaries).singleElement().satisfies(b -> {
            assertThat(b.type()).isEqualTo("voice");
            assertThat(b.id()).isEqualTo("v-1");
            assertThat(b.payload()).isEqualTo(wav);
        });
        // frames on one socket arrive in order, so anything sent before the clip has arrived by now
        assertThat(relay.texts).as("no voice-start, voice-end or voice-cancel reached the old relay").isEmpty();
        assertThat(relay.errorsSent).isEmpty();
        assertThat(events.stored).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("v-1");
            assertThat(s.seq()).isEqualTo(1);
        });
        assertThat(events.clips).singleElement().isEqualTo(wav);
        assertThat(alice.state()).isEqualTo(ConnectionState.JOINED);
        assertThat(relay.askedVersions()).hasSize(3);
    }

    @Test
    void aReconnectToTheSameRelayAsksForVersion1AgainWithoutAnotherRefusal() {
        alice = connect(events, live);
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.JOINED);
        byte[] wav = clip(2);
        alice.endStream("v-2", wav);
        await().atMost(WAIT).until(() -> alice.outboxSize() == 0);

        relay.dropAll(CloseCodes.GOING_AWAY, "restarting");
        await().atMost(WAIT).until(() -> events.welcomes.size() == 2 && alice.state() == ConnectionState.JOINED);

        // the version learnt from the refusal is kept for this connection's life: no second 4426 round trip
        assertThat(relay.askedVersions()).containsExactly(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1,
                Protocol.VERSION_1);
        assertThat(relay.hellos.get(3).since()).as("resumes after what it holds").isEqualTo(1L);
        assertThat(relay.hellos.get(3).playedSince()).as("no receipts below version 3").isNull();
        assertThat(alice.liveVoiceAvailable()).isFalse();
        assertThat(states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.JOINED,
                ConnectionState.RECONNECTING, ConnectionState.JOINED);
        assertThat(events.statuses.get(2).reason().kind()).isEqualTo(ConnectionStatus.Kind.RELAY_STOPPED);
        assertThat(relay.binaries).as("the acknowledged clip is not sent again").hasSize(1);

        // the same holds when the relay came back speaking 2: this connection stays on 1 until it is made anew
        relay.speakUpTo(Protocol.VERSION_2);
        relay.dropAll(CloseCodes.GOING_AWAY, "upgrading");
        await().atMost(WAIT).until(() -> events.welcomes.size() == 3 && alice.state() == ConnectionState.JOINED);
        assertThat(relay.askedVersions()).endsWith(Protocol.VERSION_1);
        assertThat(events.welcomes.get(2).protocol()).isEqualTo(Protocol.VERSION_1);
        assertThat(alice.liveVoiceAvailable()).isFalse();

        // joining again (a new connection, as the app makes for each join) asks for 3 first, then 2
        alice.close();
        RecordingEvents again = new RecordingEvents();
        alice = connect(again, new RecordingLiveEvents());
        await().atMost(WAIT).until(alice::liveVoiceAvailable);
        assertThat(relay.askedVersions()).hasSize(7).endsWith(Protocol.VERSION_3, Protocol.VERSION_2);
        assertThat(again.welcomes).singleElement().extracting(ServerMessage.Welcome::protocol).isEqualTo(Protocol.VERSION_2);
    }

    @Test
    void aRelayOfVersion2IsJoinedOnVersion2WithoutReceiptsWhichWaitForARelayThatSpeaksThem() {
        relay.speakUpTo(Protocol.VERSION_2);
        alice = connect(events, live);
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.JOINED);
        assertThat(relay.askedVersions()).containsExactly(Protocol.VERSION_3, Protocol.VERSION_2);
        assertThat(alice.liveVoiceAvailable()).isTrue();
        assertThat(states()).containsExactly(ConnectionState.CONNECTING, ConnectionState.JOINED);

        alice.sendPlayed(1);
        alice.sendChat("c-1", "after the receipt"); // frames on one socket arrive in order
        await().atMost(WAIT).until(() -> alice.outboxSize() == 0);
        assertThat(relay.texts).as("no played receipt reached a version-2 relay").hasSize(1)
                .allSatisfy(t -> assertThat(t).contains("\"type\":\"chat\""));
        assertThat(alice.receiptsWaiting()).as("kept for a session that speaks receipts").containsExactly(1L);

        relay.dropAll(CloseCodes.GOING_AWAY, "restarting");
        await().atMost(WAIT).until(() -> events.welcomes.size() == 2 && alice.state() == ConnectionState.JOINED);
        assertThat(relay.hellos.get(2).protocol()).isEqualTo(Protocol.VERSION_2);
        assertThat(relay.hellos.get(2).playedSince()).as("a version-2 hello has no playedSince").isNull();
        assertThat(relay.texts).hasSize(1);
    }

    @Test
    void aRelayThatRefusesVersion1TooStopsAfterThreeHellosAndSaysWhy() {
        relay.speakUpTo(0);
        alice = connect(events, live);
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.DISCONNECTED && events.last().reason() != null);

        assertThat(relay.askedVersions()).containsExactly(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1);
        assertThat(events.last().reason().kind()).isEqualTo(ConnectionStatus.Kind.REFUSED);
        assertThat(events.last().reason().closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_PROTOCOL);
        assertThat(events.last().reason().detail()).contains("protocol 1 is not supported");
        assertThat(events.welcomes).isEmpty();
    }
}
