package dev.parley.relay.store;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@link MessageStore} in one SQLite file (WAL mode, {@code synchronous=FULL}). One writer thread commits
 * appends in groups: whatever arrived while the previous commit was syncing goes into the next transaction,
 * so many senders share one fsync. Reads use a small pool of their own connections and see committed data only.
 */
public final class SqliteMessageStore implements MessageStore {
    private static final Logger log = LoggerFactory.getLogger(SqliteMessageStore.class);
    private static final int READERS = 3;

    private final String url;
    private final ConcurrentMap<String, RoomStats> rooms = new ConcurrentHashMap<>();
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final SqliteWriter writer;

    private SqliteMessageStore(String url, Connection writeConnection, Retention retention, Clock clock) {
        this.url = url;
        this.writer = new SqliteWriter(writeConnection, rooms, retention, clock);
    }

    /** Opens (creating if needed) {@code messages.db} in {@code dataDir}. */
    public static SqliteMessageStore open(Path dataDir, Retention retention, Clock clock) throws IOException {
        Files.createDirectories(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("messages.db").toAbsolutePath();
        try {
            Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("CREATE TABLE IF NOT EXISTS rooms(room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS messages(room TEXT NOT NULL, seq INTEGER NOT NULL,"
                        + " nick_key TEXT NOT NULL, id TEXT NOT NULL, sender TEXT NOT NULL, ts INTEGER NOT NULL,"
                        + " kind INTEGER NOT NULL, text TEXT, duration_ms INTEGER, sample_rate INTEGER,"
                        + " channels INTEGER, bytes INTEGER NOT NULL, clip BLOB,"
                        + " PRIMARY KEY(room, seq), UNIQUE(room, nick_key, id))");
            }
            SqliteMessageStore store = new SqliteMessageStore(url, c, retention, clock);
            store.loadStats(c);
            for (int i = 0; i < READERS; i++) {
                store.readers.add(store.openReader());
            }
            store.writer.start();
            return store;
        } catch (SQLException e) {
            throw new IOException("cannot open the message store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private Connection openReader() throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    private void loadStats(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT room, last_seq FROM rooms")) {
                while (rs.next()) {
                    rooms.put(rs.getString(1), new RoomStats(rs.getLong(2)));
                }
            }
        }
        writer.reloadRetentionStats();
    }

    @Override
    public void append(NewMessage message, AppendListener listener) {
        writer.submit(message, listener);
    }

    @Override
    public long lastSeq(String room) {
        RoomStats stats = rooms.get(room);
        return stats == null ? 0 : stats.committedSeq;
    }

    @Override
    public List<StoredMessage> range(String room, long afterSeq, long upToSeq, int maxCount, long maxBytes) {
        return read(room, "SELECT " + Rows.COLUMNS + " FROM messages WHERE room = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                maxBytes, room, afterSeq, upToSeq, maxCount);
    }

    @Override
    public List<StoredMessage> newestBefore(String room, long beforeSeq, int count) {
        List<StoredMessage> newestFirst = read(room, "SELECT " + Rows.COLUMNS
                + " FROM messages WHERE room = ? AND seq < ? ORDER BY seq DESC LIMIT ?", Long.MAX_VALUE, room, beforeSeq, count);
        List<StoredMessage> out = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            out.add(newestFirst.get(i));
        }
        return out;
    }

    /** Runs a query on a pooled reader; stops reading rows once more than {@code maxBytes} were read. */
    private List<StoredMessage> read(String room, String sql, long maxBytes, Object... params) {
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
            List<StoredMessage> out = new ArrayList<>();
            long bytes = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && bytes <= maxBytes) {
                    StoredMessage m = Rows.read(room, rs);
                    bytes += m.size();
                    out.add(m);
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("reading messages of room " + room + " failed: " + e.getMessage(), e);
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
            try {
                c.close();
            } catch (SQLException e) {
                log.warn("closing a reader connection failed: {}", e.getMessage());
            }
        }
    }
}
