package dev.parley.client.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The voice clips this person has played, by message id, so that "not played" is per listener: a clip replayed
 * to someone who joined later keeps its dot until they play it, and one they played stays played after a restart.
 * Kept in {@code played-clips.txt} (one id a line, the newest {@value #KEEP} kept), written on the given executor.
 */
public final class PlayedClips {
    private static final Logger log = LoggerFactory.getLogger(PlayedClips.class);
    public static final String FILE_NAME = "played-clips.txt";
    static final int KEEP = 5000;

    private final Path file;
    private final Executor disk;
    private final Set<String> ids = Collections.synchronizedSet(new LinkedHashSet<>());

    private PlayedClips(Path file, Executor disk) {
        this.file = file;
        this.disk = disk;
    }

    /** Nothing remembered, nothing written (tests, and sessions without a settings folder). */
    public static PlayedClips inMemory() {
        return new PlayedClips(null, Runnable::run);
    }

    /** Reads the list in {@code dir} (call off the FX thread); {@code disk} writes it. */
    public static PlayedClips load(Path dir, Executor disk) {
        PlayedClips p = new PlayedClips(dir.resolve(FILE_NAME), disk);
        try {
            if (Files.isRegularFile(p.file)) {
                List<String> lines = Files.readAllLines(p.file, StandardCharsets.UTF_8);
                p.ids.addAll(lines.subList(Math.max(0, lines.size() - KEEP), lines.size()));
            }
        } catch (IOException e) {
            log.warn("cannot read {}: {}", p.file, e.getMessage());
        }
        return p;
    }

    public boolean played(String id) {
        return ids.contains(id);
    }

    /**
     * Gives someone else's stored voice message its played state for this listener: played if it was heard live to
     * its end ({@code heardLive}, remembered now) or played before; otherwise remembered once it is played.
     */
    void follow(TimelineItem item, boolean heardLive) {
        String id = item.id();
        if (heardLive) {
            add(id);
        }
        if (played(id)) {
            item.playedProperty().set(true);
            return;
        }
        item.playedProperty().addListener((o, was, now) -> {
            if (now) {
                add(id);
            }
        });
    }

    /** Remembers that the clip {@code id} was played. */
    public void add(String id) {
        if (!ids.add(id) || file == null) {
            return;
        }
        disk.execute(() -> {
            try {
                Files.createDirectories(file.getParent());
                if (ids.size() > KEEP * 2) {
                    List<String> all;
                    synchronized (ids) {
                        all = List.copyOf(ids);
                    }
                    Files.write(file, all.subList(all.size() - KEEP, all.size()), StandardCharsets.UTF_8);
                } else {
                    Files.writeString(file, id + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                log.warn("cannot save {}: {}", file, e.getMessage());
            }
        });
    }
}
