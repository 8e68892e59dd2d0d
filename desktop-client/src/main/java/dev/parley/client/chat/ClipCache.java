package dev.parley.client.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Where received clips wait until someone plays them: one file each in a private temporary folder that lives as
 * long as the chat session. Called on the network thread as clips arrive, so neither the FX thread nor the heap
 * carries them. If the disk refuses, the clip stays in memory: nothing received is lost.
 */
public final class ClipCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClipCache.class);
    private static final int RECENT_CLIPS = 4;
    private static final long RECENT_BYTES = 32L << 20;

    private final Path dir;
    private final AtomicLong next = new AtomicLong();
    /** The latest arrivals' bytes, so auto-play need not read them back: a few clips, at most 32 MiB. */
    private final Map<Path, byte[]> recent = new LinkedHashMap<>(16, 0.75f, true);
    private long recentBytes;

    private ClipCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in a new temporary folder. */
    public static ClipCache create() {
        try {
            return new ClipCache(Files.createTempDirectory("parley-clips-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for voice clips: " + e.getMessage(), e);
        }
    }

    /** Computes the clip's waveform and moves its bytes to disk. */
    public ClipData keep(byte[] wav) {
        float[] peaks = ClipPeaks.of(wav, ClipData.PEAKS);
        Path file = dir.resolve(next.incrementAndGet() + ".wav");
        try {
            Files.write(file, wav);
            remember(file, wav);
            return ClipData.inFile(file, wav.length, peaks, this::recent);
        } catch (IOException e) {
            log.warn("cannot keep a clip in {}, holding it in memory: {}", dir, e.getMessage());
            return ClipData.inMemory(wav);
        }
    }

    private synchronized void remember(Path file, byte[] wav) {
        recent.put(file, wav);
        recentBytes += wav.length;
        Iterator<Map.Entry<Path, byte[]>> oldest = recent.entrySet().iterator();
        while ((recent.size() > RECENT_CLIPS || recentBytes > RECENT_BYTES) && oldest.hasNext()) {
            recentBytes -= oldest.next().getValue().length;
            oldest.remove();
        }
    }

    private synchronized byte[] recent(Path file) {
        return recent.get(file);
    }

    /** The folder (for tests). */
    Path dir() {
        return dir;
    }

    /** Deletes the folder and its clips. */
    @Override
    public void close() {
        synchronized (this) {
            recent.clear();
            recentBytes = 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.debug("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            log.debug("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
