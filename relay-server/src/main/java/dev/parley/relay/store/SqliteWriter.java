package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentMap;

/**
 * The single thread that writes the store: takes appended messages and receipts off its queue in batches, each
 * batch one {@link SqliteGroupCommit}; sweeps retention by age about once a minute.
 */
final class SqliteWriter {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_BATCH = 1024;
    private static final long AGE_SWEEP_MILLIS = 60_000;

    private sealed interface Op permits Pending, Flush, Stop {
    }

    private record Pending(SqliteGroupCommit.Write write) implements Op {
    }

    private record Flush(CountDownLatch done) implements Op {
    }

    private record Stop() implements Op {
    }

    private final Connection connection;
    private final ConcurrentMap<String, RoomStats> rooms;
    private final ClipFiles clips;
    private final SqliteRetention retention;
    private final SqliteGroupCommit groupCommit;
    private final Duration maxAge;
    private final Clock clock;
    private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long lastAgeSweep;
    private long nextRoomId = 1;

    /**
     * @param connection in manual-commit mode, used by this writer alone
     * @param events     told of every group commit
     */
    SqliteWriter(Connection connection, ConcurrentMap<String, RoomStats> rooms, ClipFiles clips, Retention retention,
                 Clock clock, RelayEvents events) {
        this.connection = connection;
        this.rooms = rooms;
        this.clips = clips;
        this.retention = new SqliteRetention(connection, rooms, retention);
        this.groupCommit = new SqliteGroupCommit(connection, rooms, this::room, clips, this.retention, clock,
                this::rollbackAndReload, events);
        this.maxAge = retention.maxAge();
        this.clock = clock;
        this.thread = new Thread(this::run, "parley-store-writer");
        this.thread.setDaemon(true);
    }

    /** Reads every room's number, newest seq and receipt id, and retention figures from the tables. */
    void loadRooms() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, last_seq, id FROM rooms")) {
            while (rs.next()) {
                RoomStats stats = new RoomStats(rs.getLong(3), rs.getLong(2));
                rooms.put(rs.getString(1), stats);
                nextRoomId = Math.max(nextRoomId, stats.id + 1);
            }
        }
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, MAX(id) FROM receipts GROUP BY room")) {
            while (rs.next()) {
                RoomStats stats = rooms.get(rs.getString(1));
                if (stats == null) {
                    throw new SQLException("receipts of room " + rs.getString(1) + " have no row in rooms");
                }
                stats.committedReceiptId = rs.getLong(2);
            }
        }
        retention.reloadStats();
        connection.commit();
    }

    void start() {
        thread.start();
    }

    void submit(NewMessage message, AppendListener listener) {
        submit(new SqliteGroupCommit.Append(message, listener));
    }

    void submit(NewReceipt receipt, ReceiptListener listener) {
        submit(new SqliteGroupCommit.Receipt(receipt, listener));
    }

    private void submit(SqliteGroupCommit.Write write) {
        if (stopped) {
            write.failed(new IllegalStateException("the store is closed"));
            return;
        }
        queue.add(new Pending(write));
    }

    /** Why the writer cannot store now (stopped, or its latest commit failed), or {@code null} when it can. */
    String problem() {
        if (stopped || !thread.isAlive()) {
            return "the store is closed";
        }
        return groupCommit.lastFailed() ? "the store's latest commit failed" : null;
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
        List<SqliteGroupCommit.Write> writes = new ArrayList<>(batch.size());
        for (Op op : batch) {
            if (op instanceof Pending p) {
                writes.add(p.write());
            }
        }
        if (!writes.isEmpty()) {
            groupCommit.commit(writes);
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
