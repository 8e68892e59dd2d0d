package dev.parley.client.chat;

import dev.parley.client.ui.common.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Saves clips as .wav files where the person chose, on threads of their own, so that a slow disk holds up neither the
 * FX thread nor the thread that hands network events to the chat in order.
 */
final class ClipSaver {
    private static final Logger log = LoggerFactory.getLogger(ClipSaver.class);
    static final String THREAD_NAME = "parley-save";

    private final Tasks files;
    private final Consumer<String> notice;
    private final Function<String, String> saveFailed;

    /**
     * @param files      where the clip is read and written (never the FX thread)
     * @param saveFailed the notice for a clip that could not be saved, from the system's reason
     */
    ClipSaver(Tasks files, Consumer<String> notice, Function<String, String> saveFailed) {
        this.files = files;
        this.notice = notice;
        this.saveFailed = saveFailed;
    }

    /** Runs each save on a new daemon thread: saves are few, each is its own, and none outlives the app. */
    static Executor ownThreads() {
        return save -> {
            Thread t = new Thread(save, THREAD_NAME);
            t.setDaemon(true);
            t.start();
        };
    }

    /** Writes {@code clip} to {@code file}; {@code saved} runs on the UI thread once it is written. */
    void save(ClipData clip, Path file, Runnable saved) {
        files.run(() -> Files.write(file, clip.load()), done -> saved.run(), failure -> {
            log.warn("cannot save clip to {}: {}", file, failure.toString());
            String why = failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
            notice.accept(saveFailed.apply(why));
        });
    }
}
