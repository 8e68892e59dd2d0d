package dev.parley.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Notes when a word first appears in a child server's log (its stderr.log), polling every 20 ms: how a benchmark
 * learns when the relay did something it only logs, such as dropping a slow consumer.
 */
final class LogWatch implements AutoCloseable {
    private static final long PERIOD_MILLIS = 20;

    private final Path log;
    private final String word;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long seenNanos = -1;

    private LogWatch(ChildServer server, String word) {
        this.log = server.dir.resolve("stderr.log");
        this.word = word;
        this.thread = new Thread(this::poll, "log-watch");
        thread.setDaemon(true);
    }

    static LogWatch start(ChildServer server, String word) {
        LogWatch w = new LogWatch(server, word);
        w.thread.start();
        return w;
    }

    private void poll() {
        while (running && seenNanos < 0) {
            try {
                if (Files.readString(log).contains(word)) {
                    seenNanos = System.nanoTime();
                    return;
                }
                Thread.sleep(PERIOD_MILLIS);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("cannot read " + log + ": " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** {@link System#nanoTime()} when the word was first seen (within 20 ms of its writing), or -1. */
    long seenNanos() {
        return seenNanos;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(1_000);
    }
}
