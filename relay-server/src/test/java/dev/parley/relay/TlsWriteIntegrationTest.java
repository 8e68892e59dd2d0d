package dev.parley.relay;

import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay's TLS channel puts every byte on the wire without waiting for later traffic: when a client's socket
 * takes only part of the last record, the rest goes out as soon as the socket is writable again (Java-WebSocket's
 * own channel left it until the next frame or ping, 40 s later).
 */
class TlsWriteIntegrationTest {
    private static final int SMALL_RECEIVE_BUFFER = 8 * 1024;

    @TempDir
    Path dataDir;

    @Test
    void largeClipsReachAClientWithASmallReceiveBufferWholeWithNoTrafficAfterThem() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient sender = relay.join("sender", "lobby");
            TestClient reader = relay.connect("reader", SMALL_RECEIVE_BUFFER);
            reader.join("reader", "lobby");
            sender.awaitNext(Presence.class);
            for (int k = 0; k < 5; k++) {
                byte[] clip = Clips.ofBytes(1_000_000 + 7_918 * k, 16_000); // sizes that end mid-record
                clip[200] = (byte) k;
                sender.voice("v-" + k, clip);
                ReceivedVoice got = reader.awaitNext(ReceivedVoice.class, Duration.ofSeconds(10));
                assertThat(got.header().id()).isEqualTo("v-" + k);
                assertThat(got.clip()).isEqualTo(clip);
                assertThat(sender.awaitNext(ReceivedVoice.class).header().id()).isEqualTo("v-" + k);
            }
        }
    }

    @Test
    void manySmallFramesQueuedTogetherArriveInOrderAndWhole() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient reader = relay.connect("reader", SMALL_RECEIVE_BUFFER);
            reader.join("reader", "lobby");
            TestClient sender = relay.join("sender", "lobby");
            reader.awaitNext(Presence.class);
            reader.stopReading(); // let frames pile up in the relay, so they are gathered into shared records
            int n = 150;
            for (int i = 0; i < n; i++) {
                sender.chat("c-" + i, "message " + i + " " + "x".repeat(i * 7));
            }
            sender.awaitNext(n, dev.parley.protocol.ServerMessage.Chat.class);
            reader.resumeReading();
            var got = reader.awaitNext(n, dev.parley.protocol.ServerMessage.Chat.class);
            for (int i = 0; i < n; i++) {
                assertThat(got.get(i).id()).isEqualTo("c-" + i);
                assertThat(got.get(i).text()).isEqualTo("message " + i + " " + "x".repeat(i * 7));
                assertThat(got.get(i).seq()).isEqualTo(i + 1);
            }
        }
    }
}
