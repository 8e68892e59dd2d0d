package dev.parley.relay.server;

import dev.parley.relay.net.MetricsHttpServer;
import dev.parley.relay.store.MessageStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The answer to {@code GET /health}: ready only while the relay admits members, its cluster bus (if any) is connected,
 * and its store answers a small read within {@link #timeout} (on a thread of its own, never the caller's). Checks do not pile up: while a store check is
 * still running, requests share it, and once it has overrun its timeout they are answered at once without a new one.
 */
final class Readiness implements AutoCloseable {
    private final BooleanSupplier accepting;
    private final MessageStore store;
    private final IntSupplier members;
    private final IntSupplier rooms;
    private final Duration timeout;
    private final Supplier<Optional<String>> cluster;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-health");
        t.setDaemon(true);
        return t;
    });
    /** The store check running or last run, and its answer (completed by the timeout if the check overruns it). */
    private CompletableFuture<Optional<String>> probe;
    private CompletableFuture<MetricsHttpServer.Health> answer;

    Readiness(BooleanSupplier accepting, MessageStore store, IntSupplier members, IntSupplier rooms, Duration timeout) {
        this(accepting, store, members, rooms, timeout, Optional::empty);
    }

    /** As above, also unavailable while {@code cluster} (the cluster bus's problem) says why it cannot carry events. */
    Readiness(BooleanSupplier accepting, MessageStore store, IntSupplier members, IntSupplier rooms, Duration timeout,
              Supplier<Optional<String>> cluster) {
        this.cluster = cluster;
        this.accepting = accepting;
        this.store = store;
        this.members = members;
        this.rooms = rooms;
        this.timeout = timeout;
    }

    /** Whether the relay is ready, and why not; completes within about {@link #timeout}. */
    synchronized CompletionStage<MetricsHttpServer.Health> check() {
        if (!accepting.getAsBoolean()) {
            return CompletableFuture.completedFuture(unavailable("shutting down"));
        }
        Optional<String> bus = cluster.get();
        if (bus.isPresent()) {
            return CompletableFuture.completedFuture(unavailable("cluster bus: " + bus.get()));
        }
        if (answer != null && !answer.isDone()) {
            return answer;
        }
        if (probe != null && !probe.isDone()) {
            return CompletableFuture.completedFuture(unavailable("the store has not answered its previous check, which "
                    + "started over " + timeout.toMillis() + " ms ago"));
        }
        probe = CompletableFuture.supplyAsync(() -> store.problem(timeout), prober);
        answer = probe.copy()
                .completeOnTimeout(Optional.of("the store did not answer within " + timeout.toMillis() + " ms"),
                        timeout.toMillis() + 100, TimeUnit.MILLISECONDS)
                .thenApply(problem -> {
                    if (!accepting.getAsBoolean()) {
                        return unavailable("shutting down");
                    }
                    return problem.map(Readiness::unavailable).orElseGet(() -> new MetricsHttpServer.Health(true,
                            "{\"status\":\"ready\",\"members\":" + members.getAsInt() + ",\"rooms\":"
                                    + rooms.getAsInt() + "}"));
                })
                .exceptionally(failure -> unavailable("the store check failed"));
        return answer;
    }

    private static MetricsHttpServer.Health unavailable(String reason) {
        return new MetricsHttpServer.Health(false, "{\"status\":\"unavailable\",\"reason\":\"" + json(reason) + "\"}");
    }

    /** A JSON string's content: quotes, backslashes and control characters escaped. */
    private static String json(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
