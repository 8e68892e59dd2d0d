package dev.parley.relay.store;

import dev.parley.relay.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentMap;

/**
 * The single thread that writes the store: group commit of appends (clip files synced before their rows commit),
 * then retention, then listeners in seq order.
 */
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
    private final ClipFiles clips;
    private final SqliteRetention retention;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long lastAgeSweep;
    private long nextRoomId = 1;

    /** @param connection in manual-commit mode, used by this writer alone */
    SqliteWriter(Connection connection, ConcurrentMap<String, RoomStats> rooms, ClipFiles clips, Retention retention,
                 Clock clock) {
        this.connection = connection;
        this.rooms = rooms;
        this.clips = clips;
        this.retention = new SqliteRetention(connection, rooms, retention);
        this.maxAge = retention.maxAge();
        this.clock = clock;
        this.thread = new Thread(this::run, "parley-store-writer");
        this.thread.setDaemon(true);
    }

    /** Reads every room's number, newest seq and retention figures from the tables. */
    void loadRooms() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, last_seq, id FROM rooms")) {
            while (rs.next()) {
                RoomStats stats = new RoomStats(rs.getLong(3), rs.getLong(2));
                rooms.put(rs.getString(1), stats);
                nextRoomId = Math.max(nextRoomId, stats.id + 1);
            }
        }
        retention.reloadStats();
        connection.commit();
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

    /**
     * One group commit: the rows go into a transaction, the new clips' files are written and synced, then the
     * transaction commits; only then are listeners told and the files of clips retention dropped deleted.
     */
    private void commit(List<Append> appends) {
        List<Outcome> outcomes = new ArrayList<>(appends.size());
        Set<String> touched = new LinkedHashSet<>();
        List<ClipFiles.Key> dropped = new ArrayList<>();
        List<ClipFiles.Clip> written = List.of();
        try {
            try (SqliteInserts inserts = new SqliteInserts(connection, this::room, clips)) {
                for (Append a : appends) {
                    SqliteInserts.Inserted r = inserts.insert(a.message(), clock.millis());
                    if (!r.duplicate()) {
                        touched.add(a.message().room());
                    }
                    outcomes.add(new Outcome(a.listener(), r.message(), r.duplicate()));
                }
                written = inserts.newClips();
            }
            saveLastSeqs(touched);
            for (String room : touched) {
                retention.enforceCountAndBytes(room, dropped);
            }
            clips.writeAll(written);
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            log.error("storing {} message(s) failed, nothing of them was stored: {}", appends.size(), e.getMessage());
            rollbackAndReload();
            // should a failed commit reappear after a restart, its rows have no files: the start-up check removes them
            clips.deleteQuietly(written.stream().map(ClipFiles.Clip::key).toList());
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
        clips.deleteQuietly(dropped);
    }

    private void saveLastSeqs(Set<String> touched) throws SQLException {
        try (PreparedStatement seq = connection.prepareStatement("INSERT INTO rooms(room, last_seq, id) VALUES (?, ?, ?)"
                + " ON CONFLICT(room) DO UPDATE SET last_seq = excluded.last_seq")) {
            for (String room : touched) {
                RoomStats stats = rooms.get(room);
                seq.setString(1, room);
                seq.setLong(2, stats.lastSeq);
                seq.setLong(3, stats.id);
                seq.addBatch();
            }
            seq.executeBatch();
        }
    }

    /** A room's figures; a room never seen gets the next number (committed with its first message). */
    private RoomStats room(String name) {
        return rooms.computeIfAbsent(name, r -> new RoomStats(nextRoomId++, 0));
    }

    private void sweepByAge() {
        lastAgeSweep = clock.millis();
        long cutoff = lastAgeSweep - maxAge.toMillis();
        List<ClipFiles.Key> dropped = new ArrayList<>();
        try {
            int rows = retention.dropOlderThan(cutoff, dropped);
            connection.commit();
            if (rows > 0) {
                log.info("retention: dropped {} message(s) older than {}", rows, maxAge);
                retention.reloadStats();
            }
        } catch (SQLException e) {
            log.error("retention by age failed: {}", e.getMessage());
            rollbackAndReload();
            return;
        }
        clips.deleteQuietly(dropped);
    }

    private void rollbackAndReload() {
        try {
            connection.rollback();
            for (RoomStats stats : rooms.values()) {
                stats.lastSeq = stats.committedSeq;
            }
            retention.reloadStats();
            connection.rollback(); // ends the read, so checkpoints need not wait for the next commit
        } catch (SQLException e) {
            log.error("recovering from a failed commit failed: {}", e.getMessage());
        }
    }
}
