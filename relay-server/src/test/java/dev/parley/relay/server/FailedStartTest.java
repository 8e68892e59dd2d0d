package dev.parley.relay.server;

import dev.parley.relay.MetricsEndpoint;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A start that fails after the store, the worker threads and the WebSocket port were opened (its metrics port is
 * taken) gives them all back: the error says why, no worker thread is left, and the same data directory and WebSocket
 * port start a relay again at once.
 */
class FailedStartTest {
    @TempDir
    Path data;

    private static List<String> workers() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("parley-timer") || n.startsWith("parley-reader")).sorted().toList();
    }

    @Test
    void aFailedStartClosesWhatItOpened() throws IOException {
        List<String> before = workers();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MetricsEndpoint metrics = new MetricsEndpoint("127.0.0.1", taken.getLocalPort());
            assertThatThrownBy(() -> ParleyRelay.start(TestRelay.baseConfig(data).withPort(port).withMetrics(metrics)))
                    .isInstanceOf(IOException.class).hasMessageContaining(String.valueOf(taken.getLocalPort()));
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(workers()).isEqualTo(before));
        try (ParleyRelay again = ParleyRelay.start(TestRelay.baseConfig(data).withPort(port))) {
            assertThat(again.port()).isEqualTo(port);
        }
    }
}
