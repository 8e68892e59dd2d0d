package dev.parley.relay.store;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.relay.Retention;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Helpers for the store's tests: distinct clips, appends awaited with a timeout, and looks at the data directory. */
final class StoreFixture {
    static final Retention KEEP_ALL = new Retention(Duration.ofDays(30), 1_000_000, 1L << 40);

    private StoreFixture() {
    }

    /** What an {@link AppendListener} was told. */
    record Outcome(StoredMessage message, boolean duplicate) {
    }

    /** A valid 16 kHz mono WAV of {@code frames} frames whose samples depend on {@code seed}. */
    static byte[] clip(int seed, int frames) {
        short[] samples = new short[frames];
        for (int i = 0; i < frames; i++) {
            samples[i] = (short) (Math.sin(i * 0.01 * (seed + 1)) * 9_000 + seed * 13 + i % 11);
        }
        return Wav.write(samples, 16_000, 1);
    }

    static NewMessage voice(String room, String from, String id, byte[] clip) {
        try {
            return NewMessage.voice(room, from, id, clip, Wav.inspect(ByteBuffer.wrap(clip)));
        } catch (ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    static SqliteMessageStore open(Path dir) {
        return open(dir, KEEP_ALL, Clock.systemUTC());
    }

    static SqliteMessageStore open(Path dir, Retention retention, Clock clock) {
        try {
            return SqliteMessageStore.open(dir, retention, clock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues an append; the future completes with what the listener is told (or fails with its cause). */
    static CompletableFuture<Outcome> submit(MessageStore store, NewMessage m) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        store.append(m, new AppendListener() {
            @Override
            public void stored(StoredMessage message, boolean duplicate) {
                f.complete(new Outcome(message, duplicate));
            }

            @Override
            public void failed(Exception cause) {
                f.completeExceptionally(cause);
            }
        });
        return f;
    }

    static Outcome await(CompletableFuture<Outcome> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("append not answered", e);
        }
    }

    static Outcome append(MessageStore store, NewMessage m) {
        return await(submit(store, m));
    }

    static List<StoredMessage> all(MessageStore store, String room) {
        return store.range(room, 0, Long.MAX_VALUE, 10_000, Long.MAX_VALUE);
    }

    /** Every regular file under {@code dataDir/clips}, relative to it, sorted. */
    static List<String> clipFiles(Path dataDir) {
        Path root = dataDir.resolve("clips");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Connection database(Path dataDir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("messages.db").toAbsolutePath());
    }

    /** The first column of the first row of {@code sql}, as a long. */
    static long queryLong(Path dataDir, String sql) throws SQLException {
        try (Connection c = database(dataDir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** The number {@code rooms.id} of a room (the name of its folder under {@code clips}). */
    static long roomId(Path dataDir, String room) throws SQLException {
        return queryLong(dataDir, "SELECT id FROM rooms WHERE room = '" + room.replace("'", "''") + "'");
    }
}
