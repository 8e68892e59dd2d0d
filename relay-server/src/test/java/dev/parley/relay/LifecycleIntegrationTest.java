package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.Threads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A relay embedded in another program (the desktop app hosts one) leaves nothing behind when closed. */
class LifecycleIntegrationTest {
    @TempDir
    Path dataDir;

    @Test
    void closingTheRelayLeavesNoThreadRunningAndFreesThePort() throws Exception {
        Set<Thread> before = Threads.live();
        TestRelay relay = TestRelay.start(dataDir);
        int port = relay.port();
        List<Thread> started = Threads.startedSince(before);
        assertThat(started).as("the relay runs threads of its own").isNotEmpty();
        assertThat(started).as("no relay thread keeps the JVM alive: " + Threads.describe(started))
                .allMatch(Thread::isDaemon);

        TestClient alice = relay.join("alice", "lobby");
        TestClient bob = relay.join("bob", "lobby");
        alice.awaitNext(ServerMessage.Presence.class);
        alice.chat("c-1", "hi").voice("v-1", Clips.ofMillis(200, 8000, 1));
        bob.awaitNext(ServerMessage.Chat.class);
        bob.awaitNext(ReceivedVoice.class);
        bob.history(10, 10);
        relay.close();
        relay.relay().close(); // a second close is harmless

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Threads.startedSince(before))
                .as("threads still running after close").isEmpty());
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }
}
