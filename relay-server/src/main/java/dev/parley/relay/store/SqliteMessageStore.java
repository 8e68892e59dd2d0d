package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link MessageStore} in a data directory: the index of messages and their played receipts in one SQLite file
 * ({@code messages.db}, WAL mode, {@code synchronous=FULL}, see {@link Schema}) and each voice clip in a file of its
 * own ({@code clips/}, see {@link ClipFiles}).
 *
 * <p>One writer thread commits appends in groups: whatever arrived while the previous commit was syncing goes into
 * the next transaction, so many senders share one sync; a clip's file is synced before its row commits. Reads use a
 * small pool of their own connections, see committed rows only, and skip a clip whose file retention deleted after
 * its row was read.
 */
public final class SqliteMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteMessageStore.class);
    private static final int READERS = 3;

    private final String url;
    private final ClipFiles clips;
    private final ConcurrentMap<String, RoomStats> rooms = new ConcurrentHashMap<>();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final SqliteWriter writer;

    private SqliteMessageStore(String url, Connection writeConnection, ClipFiles clips, Retention retention, Clock clock,
                               RelayEvents events) {
        this.url = url;
        this.clips = clips;
        this.writer = new SqliteWriter(writeConnection, rooms, clips, retention, clock, events);
    }

    /**
     * Opens (creating if needed) {@code messages.db} and {@code clips/} in {@code dataDir}: upgrades a database of
     * an older relay (moving its clips into files), then repairs what a crash left (see {@link ClipRepair}).
     */
    public static SqliteMessageStore open(Path dataDir, Retention retention, Clock clock) throws IOException {
        return open(dataDir, retention, clock, RelayEvents.NONE);
    }

    /** As {@link #open(Path, Retention, Clock)}, telling {@code events} of every group commit. */
    public static SqliteMessageStore open(Path dataDir, Retention retention, Clock clock, RelayEvents events)
            throws IOException {
        Files.createDirectories(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("messages.db").toAbsolutePath();
        ClipFiles clips = new ClipFiles(dataDir.resolve("clips"));
        Connection c = null;
        try {
            c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                // whatever deletes a message (retention, the clip check) deletes its receipts with it
                s.execute("PRAGMA foreign_keys=ON");
            }
            Schema.prepare(c, clips);
            ClipRepair.run(c, clips, dataDir.resolve("clips-damaged"));
            SqliteMessageStore store = new SqliteMessageStore(url, c, clips, retention, clock, events);
            store.writer.loadRooms();
            for (int i = 0; i < READERS; i++) {
                store.readers.add(store.openReader());
            }
            store.writer.start();
            return store;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IOException("cannot open the message store in " + dataDir + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private Connection openReader() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    @Override
    public void append(NewMessage message, AppendListener listener) {
        writer.submit(message, listener);
    }

    @Override
    public void appendReceipt(NewReceipt receipt, ReceiptListener listener) {
        writer.submit(receipt, listener);
    }

    @Override
    public long lastReceiptId(String room) {
        RoomStats stats = rooms.get(room);
        return stats == null ? 0 : stats.committedReceiptId;
    }

    @Override
    public List<ServerMessage.Played> receipts(String room, long afterId, long upToId, long fromSeq, long toSeq,
                                               int maxCount) {
        if (!rooms.containsKey(room)) {
            return List.of();
        }
        return query(room, "SELECT seq, nick, ts, id FROM receipts WHERE room = ? AND id > ? AND id <= ?"
                        + " AND seq >= ? AND seq <= ? ORDER BY id LIMIT ?",
                rs -> new ServerMessage.Played(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), false),
                room, afterId, upToId, fromSeq, toSeq, maxCount);
    }

    @Override
    public long lastSeq(String room) {
        RoomStats stats = rooms.get(room);
        return stats == null ? 0 : stats.committedSeq;
    }

    @Override
    public List<StoredMessage> range(String room, long afterSeq, long upToSeq, int maxCount, long maxBytes) {
        RoomStats stats = rooms.get(room);
        long after = afterSeq;
        while (stats != null) {
            List<ServerMessage.Stored> rows = headers(room, "SELECT " + Rows.COLUMNS
                    + " FROM messages WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?", room, after, upToSeq, maxCount);
            if (rows.isEmpty()) {
                break;
            }
            List<StoredMessage> out = withClips(room, stats, rows, maxBytes);
            if (!out.isEmpty()) {
                return out;
            }
            // every clip of the page was dropped by retention since the rows were read: those rows are gone now
            after = rows.get(rows.size() - 1).seq();
        }
        return List.of();
    }

    @Override
    public List<StoredMessage> newestBefore(String room, long beforeSeq, int count) {
        RoomStats stats = rooms.get(room);
        if (stats == null) {
            return List.of();
        }
        List<ServerMessage.Stored> rows = new ArrayList<>(headers(room, "SELECT " + Rows.COLUMNS
                + " FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?", room, beforeSeq, count));
        Collections.reverse(rows);
        return withClips(room, stats, rows, Long.MAX_VALUE);
    }

    /** Runs a query on a pooled reader and returns the headers of the rows; clips are read after the reader is back. */
    private List<ServerMessage.Stored> headers(String room, String sql, Object... params) {
        return query(room, sql, Rows::header, params);
    }

    /** One row as a value. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs a query on a pooled reader and returns its rows as values. */
    private <T> List<T> query(String room, String sql, Row<T> row, Object... params) {
        Connection c;
        try {
            c = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a reader", e);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading messages of room " + room + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    /**
     * The messages of these rows with their clips, stopping once more than {@code maxBytes} were read; a voice message
     * whose clip file is gone (retention dropped it meanwhile) or damaged is left out.
     */
    private List<StoredMessage> withClips(String room, RoomStats stats, List<ServerMessage.Stored> rows, long maxBytes) {
        List<StoredMessage> out = new ArrayList<>(rows.size());
        long bytes = 0;
        for (ServerMessage.Stored header : rows) {
            if (bytes > maxBytes) {
                break;
            }
            byte[] clip = null;
            if (header instanceof ServerMessage.Voice voice) {
                try {
                    clip = clips.read(stats.clip(voice.seq()), voice.bytes());
                } catch (IOException e) {
                    throw new StoreException("reading a clip of room " + room + " failed: " + e.getMessage(), e);
                }
                if (clip == null) {
                    continue;
                }
            }
            StoredMessage m = new StoredMessage(room, header, clip);
            bytes += m.size();
            out.add(m);
        }
        return out;
    }

    @Override
    public Optional<String> problem(Duration timeout) {
        String writing = writer.problem();
        if (writing != null) {
            return Optional.of(writing);
        }
        Connection c;
        try {
            c = readers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking the store");
        }
        if (c == null) {
            return Optional.of("no reader of the store was free within " + timeout.toMillis() + " ms");
        }
        try (Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rooms")) {
                rs.next();
            }
            return Optional.empty();
        } catch (SQLException e) {
            log.warn("the store's health check failed: {}", e.getMessage());
            return Optional.of("reading the store failed");
        } finally {
            readers.add(c);
        }
    }

    @Override
    public void flush() throws InterruptedException {
        writer.flush();
    }

    @Override
    public void close() {
        writer.stop();
        List<Connection> open = new ArrayList<>();
        readers.drainTo(open);
        for (Connection c : open) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            log.warn("closing a store connection failed: {}", e.getMessage());
        }
    }
}
