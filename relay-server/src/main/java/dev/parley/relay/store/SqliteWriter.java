package dev.parley.relay.store;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentMap;

/** The single thread that writes to SQLite: group commit of appends, then retention, then listeners in seq order. */
final class SqliteWriter {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_BATCH = 1024;
    private static final long AGE_SWEEP_MILLIS = 60_000;

    private sealed interface Op permits Append, Flush, Stop {
    }

    private record Append(NewMessage message, AppendListener listener) implements Op {
    }

    private record Flush(CountDownLatch done) implements Op {
    }

    private record Stop() implements Op {
    }

    private record Outcome(AppendListener listener, StoredMessage message, boolean duplicate) {
    }

    private final Connection connection;
    private final ConcurrentMap<String, RoomStats> rooms;
    private final Retention retention;
    private final Clock clock;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long lastAgeSweep;

    SqliteWriter(Connection connection, ConcurrentMap<String, RoomStats> rooms, Retention retention, Clock clock) {
        this.connection = connection;
        this.rooms = rooms;
        this.retention = retention;
        this.clock = clock;
        this.thread = new Thread(this::run, "parley-store-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(NewMessage message, AppendListener listener) {
        if (stopped) {
            listener.failed(new IllegalStateException("the store is closed"));
            return;
        }
        queue.add(new Append(message, listener));
    }

    void flush() throws InterruptedException {
        if (!thread.isAlive()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Flush(done));
        done.await();
    }

    void stop() {
        stopped = true;
        queue.add(new Stop());
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the store failed: {}", e.getMessage());
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>();
        try {
            while (true) {
                Op first = queue.poll(AGE_SWEEP_MILLIS, TimeUnit.MILLISECONDS);
                if (clock.millis() - lastAgeSweep >= AGE_SWEEP_MILLIS) {
                    sweepByAge();
                }
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                boolean stop = process(batch);
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Writes one group of appends in one transaction and answers every op of the batch; returns whether to stop. */
    private boolean process(List<Op> batch) {
        List<Append> appends = new ArrayList<>(batch.size());
        for (Op op : batch) {
            if (op instanceof Append a) {
                appends.add(a);
            }
        }
        if (!appends.isEmpty()) {
            commit(appends);
        }
        boolean stop = false;
        for (Op op : batch) {
            if (op instanceof Flush f) {
                f.done().countDown();
            } else if (op instanceof Stop) {
                stop = true;
            }
        }
        if (stop) {
            // answer whatever raced in behind the stop
            List<Op> rest = new ArrayList<>();
            queue.drainTo(rest);
            if (!rest.isEmpty()) {
                process(rest);
            }
        }
        return stop;
    }

    private void commit(List<Append> appends) {
        List<Outcome> outcomes = new ArrayList<>(appends.size());
        Set<String> touched = new LinkedHashSet<>();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO messages(room, seq, nick_key,"
                    + " id, sender, ts, kind, text, duration_ms, sample_rate, channels, bytes, clip)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
                 PreparedStatement existing = connection.prepareStatement("SELECT " + Rows.COLUMNS
                         + " FROM messages WHERE room = ? AND nick_key = ? AND id = ?")) {
                for (Append a : appends) {
                    outcomes.add(insert(insert, existing, a, touched));
                }
            }
            try (PreparedStatement seq = connection.prepareStatement("INSERT INTO rooms(room, last_seq) VALUES (?, ?)"
                    + " ON CONFLICT(room) DO UPDATE SET last_seq = excluded.last_seq")) {
                for (String room : touched) {
                    seq.setString(1, room);
                    seq.setLong(2, rooms.get(room).lastSeq);
                    seq.addBatch();
                }
                seq.executeBatch();
            }
            for (String room : touched) {
                enforceCountAndBytes(room);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            log.error("storing {} message(s) failed, nothing of them was stored: {}", appends.size(), e.getMessage());
            rollbackAndReload();
            for (Append a : appends) {
                a.listener().failed(e);
            }
            return;
        }
        for (String room : touched) {
            RoomStats stats = rooms.get(room);
            stats.committedSeq = stats.lastSeq;
        }
        for (Outcome o : outcomes) {
            try {
                o.listener().stored(o.message(), o.duplicate());
            } catch (RuntimeException e) {
                log.error("a store listener failed", e);
            }
        }
    }

    private Outcome insert(PreparedStatement insert, PreparedStatement existing, Append a, Set<String> touched)
            throws SQLException {
        NewMessage m = a.message();
        RoomStats stats = rooms.computeIfAbsent(m.room(), r -> new RoomStats(0));
        String nickKey = Names.nickKey(m.from());
        long seq = stats.lastSeq + 1;
        long ts = clock.millis();
        StoredMessage stored = stored(m, seq, ts);
        insert.setString(1, m.room());
        insert.setLong(2, seq);
        insert.setString(3, nickKey);
        insert.setString(4, m.id());
        insert.setString(5, m.from());
        insert.setLong(6, ts);
        insert.setInt(7, m.isVoice() ? Rows.VOICE : Rows.CHAT);
        insert.setString(8, m.text());
        if (m.isVoice()) {
            insert.setLong(9, m.wav().durationMs());
            insert.setInt(10, m.wav().sampleRate());
            insert.setInt(11, m.wav().channels());
        } else {
            insert.setNull(9, java.sql.Types.INTEGER);
            insert.setNull(10, java.sql.Types.INTEGER);
            insert.setNull(11, java.sql.Types.INTEGER);
        }
        insert.setLong(12, stored.size());
        insert.setBytes(13, m.clip());
        if (insert.executeUpdate() == 1) {
            stats.lastSeq = seq;
            if (stats.count == 0) {
                stats.minSeq = seq;
            }
            stats.count++;
            stats.bytes += stored.size();
            touched.add(m.room());
            return new Outcome(a.listener(), stored, false);
        }
        existing.setString(1, m.room());
        existing.setString(2, nickKey);
        existing.setString(3, m.id());
        try (ResultSet rs = existing.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("message " + m.id() + " was neither stored nor found");
            }
            return new Outcome(a.listener(), Rows.read(m.room(), rs), true);
        }
    }

    private static StoredMessage stored(NewMessage m, long seq, long ts) {
        ServerMessage.Stored header = m.isVoice()
                ? new ServerMessage.Voice(seq, m.id(), m.from(), ts, m.wav().durationMs(), m.wav().sampleRate(),
                m.wav().channels(), m.clip().length, false)
                : new ServerMessage.Chat(seq, m.id(), m.from(), m.text(), ts, false);
        return new StoredMessage(m.room(), header, m.clip());
    }

    /** Drops a room's oldest messages while it holds more than the retention count or bytes. */
    private void enforceCountAndBytes(String room) throws SQLException {
        RoomStats stats = rooms.get(room);
        if (stats.count <= retention.maxCount() && stats.bytes <= retention.maxBytes()) {
            return;
        }
        long dropThrough = stats.minSeq - 1;
        long count = stats.count;
        long bytes = stats.bytes;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, bytes FROM messages WHERE room = ? ORDER BY seq")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                while ((count > retention.maxCount() || bytes > retention.maxBytes()) && rs.next()) {
                    dropThrough = rs.getLong(1);
                    bytes -= rs.getLong(2);
                    count--;
                }
            }
        }
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM messages WHERE room = ? AND seq <= ?")) {
            del.setString(1, room);
            del.setLong(2, dropThrough);
            del.executeUpdate();
        }
        stats.count = count;
        stats.bytes = bytes;
        stats.minSeq = dropThrough + 1;
    }

    private void sweepByAge() {
        lastAgeSweep = clock.millis();
        long cutoff = lastAgeSweep - retention.maxAge().toMillis();
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM messages WHERE ts < ?")) {
            connection.setAutoCommit(true);
            del.setLong(1, cutoff);
            int dropped = del.executeUpdate();
            if (dropped > 0) {
                log.info("retention: dropped {} message(s) older than {}", dropped, retention.maxAge());
                reloadRetentionStats();
            }
        } catch (SQLException e) {
            log.error("retention by age failed: {}", e.getMessage());
        }
    }

    /** Re-reads count, bytes and oldest seq of every room from the table. */
    void reloadRetentionStats() {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, COUNT(*), COALESCE(SUM(bytes), 0), MIN(seq) FROM messages GROUP BY room")) {
            for (RoomStats stats : rooms.values()) {
                stats.count = 0;
                stats.bytes = 0;
            }
            while (rs.next()) {
                RoomStats stats = rooms.computeIfAbsent(rs.getString(1), r -> new RoomStats(0));
                stats.count = rs.getLong(2);
                stats.bytes = rs.getLong(3);
                stats.minSeq = rs.getLong(4);
            }
        } catch (SQLException e) {
            throw new StoreException("reading retention figures failed: " + e.getMessage(), e);
        }
    }

    private void rollbackAndReload() {
        try {
            connection.rollback();
            for (RoomStats stats : rooms.values()) {
                stats.lastSeq = stats.committedSeq;
            }
            reloadRetentionStats();
        } catch (SQLException | StoreException e) {
            log.error("recovering from a failed commit failed: {}", e.getMessage());
        }
    }
}
