package dev.parley.relay.server;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.net.MetricsHttpServer;
import dev.parley.relay.store.AppendListener;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.NewReceipt;
import dev.parley.relay.store.ReceiptListener;
import dev.parley.relay.store.StoredMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The health check's answer when the store hangs, fails or answers, and when the relay stops admitting members. */
class ReadinessTest {
    private static final Duration TIMEOUT = Duration.ofMillis(200);

    /** A store whose health check waits for {@link #release}, then reports {@link #problem}. */
    private static final class SlowStore implements MessageStore {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger checks = new AtomicInteger();
        volatile Optional<String> problem = Optional.empty();

        @Override
        public Optional<String> problem(Duration timeout) {
            checks.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return problem;
        }

        @Override public void append(NewMessage message, AppendListener listener) { throw new UnsupportedOperationException(); }
        @Override public long lastSeq(String room) { throw new UnsupportedOperationException(); }
        @Override public List<StoredMessage> range(String room, long afterSeq, long upToSeq, int maxCount, long maxBytes) { throw new UnsupportedOperationException(); }
        @Override public List<StoredMessage> newestBefore(String room, long beforeSeq, int count) { throw new UnsupportedOperationException(); }
        @Override public void appendReceipt(NewReceipt receipt, ReceiptListener listener) { throw new UnsupportedOperationException(); }
        @Override public long lastReceiptId(String room) { throw new UnsupportedOperationException(); }
        @Override public List<ServerMessage.Played> receipts(String room, long afterId, long upToId, long fromSeq, long toSeq, int maxCount) { throw new UnsupportedOperationException(); }
        @Override public void flush() { }
        @Override public void close() { }
    }

    private static MetricsHttpServer.Health await(CompletionStage<MetricsHttpServer.Health> answer) throws Exception {
        return answer.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aStoreThatDoesNotAnswerIsReportedWithinTheTimeoutAndChecksDoNotPileUp() throws Exception {
        SlowStore store = new SlowStore();
        try (Readiness readiness = new Readiness(() -> true, store, () -> 3, () -> 1, TIMEOUT)) {
            CompletionStage<MetricsHttpServer.Health> first = readiness.check();
            assertThat(readiness.check()).as("shared while it runs").isSameAs(first);
            long start = System.nanoTime();
            MetricsHttpServer.Health hung = await(first);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(hung).isEqualTo(new MetricsHttpServer.Health(false,
                    "{\"status\":\"unavailable\",\"reason\":\"the store did not answer within 200 ms\"}"));
            MetricsHttpServer.Health still = await(readiness.check());
            assertThat(still.ready()).isFalse();
            assertThat(still.json()).contains("has not answered its previous check");
            assertThat(store.checks.get()).as("no second check queued behind the hung one").isEqualTo(1);

            store.release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> await(readiness.check()).ready());
            assertThat(await(readiness.check()).json()).isEqualTo("{\"status\":\"ready\",\"members\":3,\"rooms\":1}");
        }
    }

    @Test
    void aStoreProblemOrShuttingDownIsTheReason() throws Exception {
        SlowStore store = new SlowStore();
        store.release.countDown();
        store.problem = Optional.of("reading \"the\" store failed");
        AtomicBoolean accepting = new AtomicBoolean(true);
        try (Readiness readiness = new Readiness(accepting::get, store, () -> 0, () -> 0, TIMEOUT)) {
            assertThat(await(readiness.check())).isEqualTo(new MetricsHttpServer.Health(false,
                    "{\"status\":\"unavailable\",\"reason\":\"reading \\\"the\\\" store failed\"}"));
            accepting.set(false);
            int checks = store.checks.get();
            assertThat(await(readiness.check())).isEqualTo(new MetricsHttpServer.Health(false,
                    "{\"status\":\"unavailable\",\"reason\":\"shutting down\"}"));
            assertThat(store.checks.get()).as("no store check while shutting down").isEqualTo(checks);
        }
    }
}
