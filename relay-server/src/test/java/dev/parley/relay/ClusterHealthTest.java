package dev.parley.relay;

import dev.parley.relay.testing.NatsServer;
import dev.parley.relay.testing.Scrapes;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A relay started with a cluster joins its NATS, says in {@code /health} and the metrics whether the bus is connected
 * (never showing the credentials), follows a NATS outage there, and leaves NATS when it closes.
 */
class ClusterHealthTest {
    private static final MetricsEndpoint ANY_PORT = new MetricsEndpoint("127.0.0.1", 0);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void healthAndMetricsFollowTheClusterBus() throws Exception {
        String password = "health-Secret-42";
        try (NatsServer nats = NatsServer.withCredentials("relay", password);
             TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(ANY_PORT)
                     .withCluster(ClusterOptions.parse(nats.url("relay", password), "health")))) {
            int port = relay.relay().metricsAddress().orElseThrow().getPort();
            assertThat(relay.relay().clusterProblem()).isEmpty();
            assertThat(Scrapes.get(port, "/health").status()).isEqualTo(200);
            assertThat(Scrapes.metrics(port)).containsEntry("parley_cluster_bus_connected", 1.0)
                    .containsEntry("parley_cluster_bus_dropped_total", 0.0);

            nats.stop();
            await().atMost(WAIT).until(() -> Scrapes.get(port, "/health").status() == 503);
            Scrapes.Answer down = Scrapes.get(port, "/health");
            assertThat(down.body()).contains("cluster bus").contains("127.0.0.1:" + nats.port())
                    .doesNotContain(password);
            assertThat(Scrapes.metrics(port)).containsEntry("parley_cluster_bus_connected", 0.0);

            nats.start();
            await().atMost(WAIT).until(() -> Scrapes.get(port, "/health").status() == 200);
            assertThat(Scrapes.metrics(port)).containsEntry("parley_cluster_bus_connected", 1.0);
        }
    }

    @Test
    void aRelayOnItsOwnHasNoClusterMetrics() {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(ANY_PORT))) {
            int port = relay.relay().metricsAddress().orElseThrow().getPort();
            assertThat(relay.relay().clusterProblem()).isEmpty();
            assertThat(Scrapes.metrics(port)).doesNotContainKey("parley_cluster_bus_connected");
            assertThat(Scrapes.get(port, "/health").status()).isEqualTo(200);
        }
    }
}
