package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client that sends a close frame but never reads the relay's answer (stuck behind a backlog it does not read) still
 * has its connection dropped within a few seconds, as when the relay closes first and the client never answers.
 */
class CloseDeadlineIntegrationTest {
    private static final int CLIP_BYTES = 256 * 1024;
    /** More than the slow client's socket buffers and the relay's can take, far below the slow-consumer bound. */
    private static final int CLIPS = 24;
    /** The close wait, Netty's close_notify flush timeout, and room to spare on a busy machine. */
    private static final Duration DROPPED_WITHIN = Duration.ofSeconds(15);
    private static final int PING = 0x9;

    @TempDir
    Path dataDir;

    @Test
    void aClientThatSendsCloseButNeverReadsTheAnswerIsDropped() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMaxBufferedBytes(256L << 20)
                .withDeadPeerTimeout(Duration.ofMinutes(10)))) {
            TestClient sender = relay.join("sender", "lobby");
            try (RawWebSocketClient stuck = RawWebSocketClient.connect(relay.port(), relay.tls(), 16 * 1024)) {
                stuck.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "stuck", "lobby", null, null, null)));
                assertThat(sender.awaitNext(Presence.class).nick()).isEqualTo("stuck");
                for (int k = 0; k < CLIPS; k++) {
                    byte[] clip = Clips.ofBytes(CLIP_BYTES, 16_000);
                    sender.voice("v-" + k, clip);
                    String id = "v-" + k;
                    while (!(sender.awaitItems(1, Duration.ofSeconds(30)).get(0) instanceof ReceivedVoice v
                            && v.header().id().equals(id))) {
                        // the echo of this clip: by then the relay has it queued for "stuck" too
                    }
                }
                stuck.sendRaw(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.CLOSE, new byte[] {0x03, (byte) 0xE8}));
                // the relay's answer waits behind megabytes the client does not read; the client keeps talking (so it
                // is no dead peer) until the relay has dropped the socket and its writes are refused
                long deadline = System.nanoTime() + DROPPED_WITHIN.toNanos();
                while (true) {
                    try {
                        stuck.sendRaw(RawWebSocketClient.maskedFrame(PING, new byte[0]));
                    } catch (IOException dropped) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        fail("the relay still holds the connection " + DROPPED_WITHIN + " after its close frame");
                    }
                    Thread.sleep(100); // pacing the probe, not waiting for an outcome
                }
            }
        }
    }
}
