package dev.parley.client.settings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes snapshots of the settings to {@link Settings#FILE_NAME} off the caller's thread, one at a time; a snapshot
 * replaced by a newer one before its turn is skipped, so the file always ends with the newest.
 */
final class SettingsWriter {
    private static final Logger log = LoggerFactory.getLogger(SettingsWriter.class);
    static final String THREAD_NAME = "parley-settings-writer";
    /** How long the writer's thread waits for more work before it ends (a new one starts with the next save). */
    private static final long IDLE_SECONDS = 10;

    private final Path dir;
    private final Executor thread;
    /** The newest snapshot not yet taken by a write; {@code null} when none waits. */
    private final AtomicReference<Properties> pending = new AtomicReference<>();

    /** Writes on a daemon thread of its own. */
    SettingsWriter(Path dir) {
        this(dir, ownThread());
    }

    /** @param thread runs the writes one at a time, in the order given (a single thread) */
    SettingsWriter(Path dir, Executor thread) {
        this.dir = dir;
        this.thread = thread;
    }

    /** Has {@code snapshot} written soon, after any write under way; returns at once. */
    void write(Properties snapshot) {
        if (pending.getAndSet(snapshot) == null) {
            thread.execute(this::writePending);
        }
    }

    /**
     * Waits up to {@code timeout} for every snapshot given so far to be written (or to fail, which is logged).
     *
     * @return false, with a warning logged, when the time ran out first
     */
    boolean awaitWritten(Duration timeout) {
        CountDownLatch done = new CountDownLatch(1);
        thread.execute(done::countDown);
        try {
            if (done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.warn("settings not written in {} within {} ms: the last change may be lost", dir, timeout.toMillis());
        return false;
    }

    private void writePending() {
        Properties p = pending.getAndSet(null);
        if (p == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(Settings.FILE_NAME + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(out, "Parley settings");
            }
            Files.move(tmp, dir.resolve(Settings.FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot save settings in {}: {}", dir, e.getMessage());
        }
    }

    /** One daemon thread, started by the first task and ended when idle, so a settings object needs no closing. */
    private static Executor ownThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, THREAD_NAME);
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
