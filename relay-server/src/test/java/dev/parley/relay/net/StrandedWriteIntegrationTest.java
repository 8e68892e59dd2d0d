package dev.parley.relay.net;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.relay.ParleyRelay;
import dev.parley.relay.core.SharedFrame;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.java_websocket.WebSocketImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Field;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A frame queued just as Java-WebSocket's selector dropped write interest (a race in {@code doWrite} against
 * {@code onWriteDemand}) goes out within a fraction of a second, not at the connection's next event.
 */
class StrandedWriteIntegrationTest {
    @TempDir
    Path dataDir;

    @Test
    void aFrameLeftInTheQueueWithoutWriteInterestIsSentSoon() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient alice = relay.join("alice", "lobby");
            RelayServer server = serverOf(relay.relay());
            WebSocketImpl conn = (WebSocketImpl) server.getConnections().stream().findFirst().orElseThrow();
            SelectionKey key = conn.getSelectionKey();
            await().atMost(Duration.ofSeconds(5)).until(() -> conn.outQueue.isEmpty()
                    && (key.interestOps() & SelectionKey.OP_WRITE) == 0);

            // the state the race leaves behind: a frame queued, write interest off
            conn.outQueue.add(WireFrames.of(SharedFrame.text(
                    "{\"type\":\"typing\",\"from\":\"zed\",\"state\":\"typing\"}")).duplicate());

            ServerMessage.Typing got = alice.awaitNext(ServerMessage.Typing.class, Duration.ofSeconds(2));
            assertThat(got.from()).isEqualTo("zed");
            assertThat(got.state()).isEqualTo(TypingState.TYPING);
        }
    }

    private static RelayServer serverOf(ParleyRelay relay) throws ReflectiveOperationException {
        Field f = ParleyRelay.class.getDeclaredField("server");
        f.setAccessible(true);
        return (RelayServer) f.get(relay);
    }

}
