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
import java.util.concurrent.ConcurrentMap;

/**
 * Writes the SQLite store on its {@link WriteQueue}'s thread: each batch of appended messages and receipts is one
 * {@link SqliteGroupCommit}, and retention by age is swept about once a minute.
 */
final class SqliteWriter implements WriteQueue.Worker<SqliteGroupCommit.Write> {
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int MAX_BATCH = 1024;
    private static final long AGE_SWEEP_MILLIS = 60_000;

    private final Connection connection;
    private final ConcurrentMap<String, RoomStats> rooms;
    private final ClipFiles clips;
    private final SqliteRetention retention;
    private final SqliteGroupCommit groupCommit;
    private final Duration maxAge;
    private final Clock clock;
    private final WriteQueue<SqliteGroupCommit.Write> queue;
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
        this.queue = new WriteQueue<>("parley-store-writer", MAX_BATCH, Long.MAX_VALUE, this);
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
        queue.start();
    }

    void submit(NewMessage message, AppendListener listener) {
        queue.submit(new SqliteGroupCommit.Append(message, listener));
    }

    void submit(NewReceipt receipt, ReceiptListener listener) {
        queue.submit(new SqliteGroupCommit.Receipt(receipt, listener));
    }

    /** Why the writer cannot store now (stopped, or its latest commit failed), or {@code null} when it can. */
    String problem() {
        if (queue.closed()) {
            return "the store is closed";
        }
        return groupCommit.lastFailed() ? "the store's latest commit failed" : null;
    }

    void flush() throws InterruptedException {
        queue.flush();
    }

    void stop() {
        queue.stop();
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the store failed: {}", e.getMessage());
        }
    }

    @Override
    public long waitMillis() {
        return AGE_SWEEP_MILLIS;
    }

    @Override
    public void between(boolean idle) {
        if (clock.millis() - lastAgeSweep >= AGE_SWEEP_MILLIS) {
            sweepByAge();
        }
    }

    @Override
    public void commit(List<SqliteGroupCommit.Write> writes) {
        groupCommit.commit(writes);
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
