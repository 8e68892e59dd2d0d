package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dead peers: a quiet client is pinged after two thirds of the dead-peer timeout; one that answers stays, one from
 * which nothing at all arrives is closed at the timeout and announced gone.
 */
class DeadPeerIntegrationTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    Path dataDir;

    @Test
    void aClientThatAnswersNothingIsPingedThenClosedAtTheTimeout() throws IOException {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withDeadPeerTimeout(TIMEOUT))) {
            TestClient witness = relay.join("witness", "lobby");
            try (RawWebSocketClient silent = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
                silent.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "silent", "lobby", null, null, null)));
                assertThat(silent.readFrame().opcode()).isEqualTo(RawWebSocketClient.Frame.TEXT); // welcome
                long joined = System.nanoTime();
                assertThat(witness.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.JOIN);

                Presence left = witness.awaitNext(Presence.class, Duration.ofSeconds(10));
                Duration after = Duration.ofNanos(System.nanoTime() - joined);
                assertThat(left.event()).isEqualTo(Presence.Event.LEAVE);
                assertThat(left.nick()).isEqualTo("silent");
                assertThat(after).as("not before the timeout").isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100))
                        .isLessThan(TIMEOUT.plusSeconds(3));
                assertThat(silent.readFrame().opcode()).as("it was pinged first").isEqualTo(0x9);
            }
        }
    }

    @Test
    void aQuietClientThatAnswersPingsStays() {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withDeadPeerTimeout(TIMEOUT))) {
            TestClient quiet = relay.join("quiet", "lobby"); // Java-WebSocket answers pings; it sends nothing else
            await().during(TIMEOUT.multipliedBy(3)).atMost(TIMEOUT.multipliedBy(4)).until(quiet::isOpen);
            quiet.chat("c-1", "still here");
            assertThat(quiet.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(1);
        }
    }
}
