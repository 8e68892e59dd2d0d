package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.testing.PostgresServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A program that prints figures (not a test): appends per second with N appenders that each wait for their previous
 * append's acknowledgement (durable) before the next, on SQLite and on PostgreSQL (one store, then two stores on one
 * database as two relays would be), same machine, both syncing to disk. Text messages of 100 bytes into 4 rooms.
 *
 * <p>{@code mvn -q -pl relay-server -am test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-classpath %classpath dev.parley.relay.store.StoreThroughput 50 10"} (appenders, seconds per run).
 */
public final class StoreThroughput {
    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int appenders = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path dir = Files.createTempDirectory("parley-throughput");
        try (MessageStore sqlite = SqliteMessageStore.open(dir, StoreFixture.KEEP_ALL, Clock.systemUTC())) {
            run("SQLite", List.of(sqlite), appenders, seconds);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (PostgresServer server = PostgresServer.start()) {
            String url = server.createDatabase("throughput");
            try (MessageStore one = open(url)) {
                run("PostgreSQL, one relay", List.of(one), appenders, seconds);
            }
            try (MessageStore a = open(url); MessageStore b = open(url)) {
                run("PostgreSQL, two relays", List.of(a, b), appenders, seconds);
            }
        }
    }

    private static MessageStore open(String url) throws IOException {
        return PostgresMessageStore.open(PostgresUrl.parse(url), StoreFixture.KEEP_ALL, Clock.systemUTC(),
                RelayEvents.NONE);
    }

    private static void run(String label, List<MessageStore> stores, int appenders, int seconds) throws Exception {
        // a warm-up second, then the measured run
        measure(stores, appenders, 1, "w");
        long[] latencies = measure(stores, appenders, seconds, "m");
        Arrays.sort(latencies);
        System.out.printf("%-24s %3d appenders: %7.0f appends/s, ack p50 %5.1f ms, p99 %6.1f ms%n", label, appenders,
                latencies.length / (double) seconds, latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6);
    }

    /** Runs the appenders for {@code seconds}; returns every acknowledged append's latency in nanoseconds. */
    private static long[] measure(List<MessageStore> stores, int appenders, int seconds, String tag) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong ids = new AtomicLong();
        List<List<Long>> perAppender = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        String text = "x".repeat(100);
        for (int i = 0; i < appenders; i++) {
            MessageStore store = stores.get(i % stores.size());
            List<Long> mine = new ArrayList<>();
            perAppender.add(mine);
            String nick = "n" + i;
            String room = "room" + (i % 4);
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    CompletableFuture<StoreFixture.Outcome> f = StoreFixture.submit(store,
                            NewMessage.chat(room, nick, tag + ids.incrementAndGet(), text));
                    StoreFixture.await(f);
                    mine.add(System.nanoTime() - start);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return perAppender.stream().flatMap(List::stream).mapToLong(Long::longValue).toArray();
    }
}
