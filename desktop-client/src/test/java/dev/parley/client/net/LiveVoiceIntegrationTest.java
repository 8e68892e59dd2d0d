package dev.parley.client.net;

import dev.parley.client.testing.RecordingEvents;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Protocol 2 through {@link RelayConnection}: live streams out and in, against a real relay over TLS. */
class LiveVoiceIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestRelay relay;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingEvents aliceEvents = new RecordingEvents();
    private final RecordingEvents bobEvents = new RecordingEvents();
    private final RecordingLiveEvents bobLive = new RecordingLiveEvents();
    private RelayConnection alice;
    private RelayConnection bob;

    @BeforeEach
    void start() {
        relay = new TestRelay(dir.resolve("relay"));
        alice = join("alice", aliceEvents, LiveVoiceEvents.NONE);
        bob = join("bob", bobEvents, bobLive);
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        relay.close();
        scheduler.shutdownNow();
    }

    private RelayConnection join(String nick, RecordingEvents events, LiveVoiceEvents live) {
        RelayConnection c = new RelayConnection(new JoinRequest(relay.address(), nick, "lobby", null, relay.fingerprint()),
                events, live, scheduler, new Backoff(new Random(1)), Clock.systemUTC());
        c.connect();
        await().atMost(WAIT).until(c::liveVoiceAvailable);
        return c;
    }

    private static byte[] pcm(int bytes, int seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theAppAsksForProtocol3AndBothEndsOfAStreamWork() {
        assertThat(aliceEvents.welcomes.get(0).protocol()).isEqualTo(Protocol.VERSION_3);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        assertThat(alice.startStream("v-7", 16000, 1)).isTrue();
        assertThat(alice.startStream("v-8", 16000, 1)).as("one stream at a time").isFalse();
        for (int n = 0; n < 3; n++) {
            byte[] chunk = pcm(640, n);
            all.writeBytes(chunk);
            assertThat(alice.sendChunk("v-7", n, chunk)).isTrue();
        }
        // the listener hears the chunks before the speaker releases
        await().atMost(WAIT).until(() -> bobLive.pcm.size() == 3);
        assertThat(bobLive.seen).containsExactly("start alice v-7 16000/1", "chunk alice v-7 0 640",
                "chunk alice v-7 1 640", "chunk alice v-7 2 640");
        assertThat(bobEvents.stored).isEmpty();

        byte[] wav = Wav.write(all.toByteArray(), 16000, 1);
        alice.endStream("v-7", wav);
        await().atMost(WAIT).until(() -> alice.outboxSize() == 0 && bobLive.seen.size() == 5);
        assertThat(bobLive.seen.get(4)).isEqualTo("stored alice v-7");
        assertThat(aliceEvents.clips).hasSize(1);
        assertThat(aliceEvents.clips.get(0)).isEqualTo(wav);
        await().atMost(WAIT).until(() -> bobEvents.clips.size() == 1);
        assertThat(bobEvents.clips.get(0)).isEqualTo(wav);
        assertThat(alice.sendChunk("v-7", 3, pcm(640, 3))).as("the stream is over").isFalse();
    }

    @Test
    void cancellingAStreamAbortsItForListenersAndStoresNothing() {
        assertThat(alice.startStream("v-9", 16000, 1)).isTrue();
        alice.sendChunk("v-9", 0, pcm(640, 1));
        alice.cancelStream("v-9");
        await().atMost(WAIT).until(() -> bobLive.seen.contains("abort alice v-9 cancelled"));
        assertThat(alice.outboxSize()).isZero();
        assertThat(bobEvents.stored).isEmpty();
    }

    @Test
    void aStreamCutByADropIsSentWholeWithTheSameIdAfterTheReconnectAndStoredOnce() {
        assertThat(alice.startStream("v-5", 16000, 1)).isTrue();
        byte[] first = pcm(640, 1);
        alice.sendChunk("v-5", 0, first);
        await().atMost(WAIT).until(() -> bobLive.pcm.size() == 1);

        relay.stop();
        await().atMost(WAIT).until(() -> alice.state() == ConnectionState.RECONNECTING
                && bob.state() == ConnectionState.RECONNECTING);
        assertThat(bobLive.seen).endsWith("lost");
        assertThat(alice.sendChunk("v-5", 1, pcm(640, 2))).isFalse();
        byte[] rest = pcm(960, 2);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first);
        all.writeBytes(rest);
        byte[] wav = Wav.write(all.toByteArray(), 16000, 1);
        alice.endStream("v-5", wav);
        assertThat(alice.outboxSize()).isEqualTo(1);

        relay.start();
        await().atMost(WAIT).until(() -> alice.outboxSize() == 0);
        await().atMost(WAIT).until(() -> bobEvents.clips.size() == 1);
        assertThat(bobEvents.clips.get(0)).isEqualTo(wav);
        ServerMessage.Stored stored = bobEvents.stored.get(0);
        assertThat(stored.id()).isEqualTo("v-5");
        assertThat(bobEvents.stored).extracting(ServerMessage.Stored::id).containsExactly("v-5");
    }
}
