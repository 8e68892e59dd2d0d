package dev.parley.relay.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Voice clips as files, {@code <root>/<room id>/<seq>.wav}, each written once and synced (file and directory) before
 * it is relied on; read back with a length check, deleted, and listed for the start-up check.
 *
 * <p>Names hold only integers (a room's number, never its name), so nothing a client sends reaches a path. The
 * class knows nothing of SQLite: whoever indexes the clips decides when a file counts as stored.
 */
final class ClipFiles {
    private static final Logger log = LoggerFactory.getLogger(ClipFiles.class);
    private static final String SUFFIX = ".wav";
    /** Windows cannot open a directory to sync it; NTFS journals the names itself. */
    private static final boolean SYNC_DIRECTORIES = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    /** Which clip: a room's number and the message's seq. */
    record Key(long roomId, long seq) {
    }

    /** A clip to write. */
    record Clip(Key key, byte[] bytes) {
    }

    private final Path root;
    private final Set<Long> roomDirs = ConcurrentHashMap.newKeySet();

    ClipFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path path(Key key) {
        return root.resolve(Long.toString(key.roomId())).resolve(key.seq() + SUFFIX);
    }

    /**
     * Writes every clip to its file (replacing a leftover of a batch that never committed) and syncs the files and
     * the directories they were created in. On failure deletes what it wrote and throws: then nothing is stored.
     */
    void writeAll(Collection<Clip> clips) throws IOException {
        Set<Long> rooms = new LinkedHashSet<>();
        try {
            for (Clip c : clips) {
                write(c);
                rooms.add(c.key().roomId());
            }
            syncRooms(rooms);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(clips.stream().map(Clip::key).toList());
            throw e;
        }
    }

    /**
     * Writes one clip to its file and syncs the file, not yet its directory: a name is durable once
     * {@link #syncRooms} ran for its room.
     */
    void write(Clip clip) throws IOException {
        Path file = path(clip.key());
        createRoomDirectory(clip.key().roomId());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(clip.bytes());
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }

    /** Syncs these rooms' directories, so the names of the files written in them survive a crash. */
    void syncRooms(Collection<Long> roomIds) throws IOException {
        for (long room : roomIds) {
            syncDirectory(root.resolve(Long.toString(room)));
        }
    }

    /** Creates a room's directory, and the root, each synced into its parent, unless they exist. */
    private void createRoomDirectory(long roomId) throws IOException {
        if (roomDirs.contains(roomId)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root);
            syncDirectory(root.toAbsolutePath().getParent());
        }
        Path dir = root.resolve(Long.toString(roomId));
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir);
            syncDirectory(root);
        }
        roomDirs.add(roomId);
    }

    private static void syncDirectory(Path dir) throws IOException {
        if (!SYNC_DIRECTORIES) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * The clip's bytes, or {@code null} when its file is gone (retention dropped it since its row was read) or does
     * not hold exactly {@code length} bytes (logged: a damaged clip is never served).
     */
    byte[] read(Key key, long length) throws IOException {
        Path file = path(key);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != length) {
                log.warn("clip file {} holds {} bytes, its message says {}: not served", file, size, length);
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(length));
            while (b.hasRemaining()) {
                if (ch.read(b) < 0) {
                    break;
                }
            }
            if (b.hasRemaining()) {
                log.warn("clip file {} ended after {} of {} bytes: not served", file, b.position(), length);
                return null;
            }
            return b.array();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes these clips' files; a failure is logged (the start-up check deletes what is left). */
    void deleteQuietly(Collection<Key> keys) {
        for (Key k : keys) {
            try {
                Files.deleteIfExists(path(k));
            } catch (IOException e) {
                log.warn("could not delete clip file {}: {}; it goes at the next start", path(k), e.toString());
            }
        }
    }

    /** Moves a clip's file to {@code dir} (created if needed) as {@code <room id>-<seq>.wav}, for someone to look at. */
    void moveAside(Key key, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.move(path(key), dir.resolve(key.roomId() + "-" + key.seq() + SUFFIX));
    }

    /** Every clip file there is, with its length. Files and folders with other names are logged and left alone. */
    Map<Key, Long> list() throws IOException {
        Map<Key, Long> out = new HashMap<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        List<Path> unknown = new ArrayList<>();
        try (DirectoryStream<Path> rooms = Files.newDirectoryStream(root)) {
            for (Path dir : rooms) {
                Long roomId = number(dir.getFileName().toString(), "");
                if (roomId == null || !Files.isDirectory(dir)) {
                    unknown.add(dir);
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                    for (Path f : files) {
                        Long seq = number(f.getFileName().toString(), SUFFIX);
                        if (seq == null || !Files.isRegularFile(f)) {
                            unknown.add(f);
                        } else {
                            out.put(new Key(roomId, seq), Files.size(f));
                        }
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            log.warn("{} entries in {} are not clips and were left alone, e.g. {}", unknown.size(), root, unknown.get(0));
        }
        return out;
    }

    /** The number a name holds before {@code suffix}, or {@code null} if it is not one of ours. */
    private static Long number(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return null;
        }
        String digits = name.substring(0, name.length() - suffix.length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            return null;
        }
        return Long.parseLong(digits);
    }
}
