package dev.parley.client.settings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Saving: the values are taken at once, the file is written by the writer thread, the newest save wins. */
class SettingsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final ExecutorService writerThread = Executors.newSingleThreadExecutor();
    private final CountDownLatch release = new CountDownLatch(1);
    /** Tasks handed to the test's writer thread (writes and waits for them). */
    private final AtomicInteger tasks = new AtomicInteger();

    @AfterEach
    void stopWriter() throws InterruptedException {
        release.countDown();
        writerThread.shutdownNow();
        assertThat(writerThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void saveReturnsWhileTheWriterIsBusyAndTheWriterWritesTheValuesOfTheMomentOfSaving() throws Exception {
        Settings settings = Settings.load(dir, writerThread);
        blockWriter();
        settings.nickProperty().set("ann");
        settings.save();
        settings.nickProperty().set("not saved");

        assertThat(dir.resolve(Settings.FILE_NAME)).as("nothing written on the caller's thread").doesNotExist();
        assertThat(settings.awaitSaved(Duration.ofMillis(50))).as("gives up while the writer is busy").isFalse();
        release.countDown();
        assertThat(settings.awaitSaved(WAIT)).isTrue();
        assertThat(Files.readString(dir.resolve(Settings.FILE_NAME))).contains("nick=ann");
        assertThat(Settings.load(dir).nickProperty().get()).isEqualTo("ann");
    }

    @Test
    void savesInQuickSuccessionAreWrittenOnceWithTheLastValues() throws Exception {
        Settings settings = Settings.load(dir, countingWriter());
        blockWriter();
        for (int i = 0; i < 100; i++) {
            settings.nickProperty().set("n" + i);
            settings.playbackSpeedProperty().set(1 + i / 100.0);
            settings.save();
        }
        assertThat(tasks.get()).as("one write waits, for the newest").isEqualTo(1);
        release.countDown();

        assertThat(settings.awaitSaved(WAIT)).isTrue();
        Settings loaded = Settings.load(dir);
        assertThat(loaded.nickProperty().get()).isEqualTo("n99");
        assertThat(loaded.playbackSpeedProperty().get()).isEqualTo(1.99);
    }

    @Test
    void aThreadOfItsOwnLeavesTheLastOfManySavesInTheFile() {
        Settings settings = Settings.load(dir);
        for (int i = 0; i < 1000; i++) {
            settings.releaseTailMillisProperty().set(i);
            settings.save();
        }

        assertThat(settings.awaitSaved(WAIT)).isTrue();
        assertThat(Settings.load(dir).releaseTailMillisProperty().get()).isEqualTo(999);
        assertThat(Thread.getAllStackTraces().keySet())
                .filteredOn(t -> t.getName().equals(SettingsWriter.THREAD_NAME))
                .as("a daemon thread, so it never keeps the app running").isNotEmpty().allMatch(Thread::isDaemon);
    }

    @Test
    void aFailedWriteDoesNotStopLaterSaves() throws Exception {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where the settings folder should be");
        Path settingsDir = blocker.resolve("settings");
        Settings settings = Settings.load(settingsDir, writerThread);
        settings.nickProperty().set("ann");
        settings.save();
        assertThat(settings.awaitSaved(WAIT)).as("a failure is done too").isTrue();
        assertThat(Files.isRegularFile(settingsDir.resolve(Settings.FILE_NAME))).as("nothing written").isFalse();

        Files.delete(blocker);
        settings.nickProperty().set("bob");
        settings.save();
        assertThat(settings.awaitSaved(WAIT)).isTrue();
        assertThat(Settings.load(settingsDir).nickProperty().get()).isEqualTo("bob");
    }

    /** The test's writer thread, counting the tasks it is given. */
    private Executor countingWriter() {
        return task -> {
            tasks.incrementAndGet();
            writerThread.execute(task);
        };
    }

    /** Keeps the writer thread busy until {@link #release} (what it is given meanwhile waits). */
    private void blockWriter() throws InterruptedException {
        CountDownLatch blocked = new CountDownLatch(1);
        writerThread.execute(() -> {
            blocked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
