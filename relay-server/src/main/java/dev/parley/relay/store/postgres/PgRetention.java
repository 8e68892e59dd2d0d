package dev.parley.relay.store.postgres;

import dev.parley.relay.Retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention in the database. By count and bytes: inside the group commit that stored a room's new messages, under
 * that room's row lock, from the counters the rooms row keeps. By age: once a minute per relay, but once per cluster
 * at a time (a transaction-scoped advisory lock; a relay that does not get it leaves the sweep to the one that has
 * it), locking the rooms it deletes from in name order, as group commits do. A message's receipts go with it (the
 * {@code receipts} table's foreign key cascades).
 */
public final class PgRetention {
    /** The advisory lock key of the age sweep: "parley" in ASCII, one per database. */
    public static final long SWEEP_LOCK = 0x7061726c6579L;

    private final Retention limits;

    PgRetention(Retention limits) {
        this.limits = limits;
    }

    Retention limits() {
        return limits;
    }

    /** Drops a room's oldest messages while it holds more than the retention count or bytes; updates its counters. */
    void enforceCountAndBytes(Connection c, PgGroupCommit.RoomRow row) throws SQLException {
        if (row.count <= limits.maxCount() && row.bytes <= limits.maxBytes()) {
            return;
        }
        long dropThrough = -1;
        long count = row.count;
        long bytes = row.bytes;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, bytes FROM messages WHERE room = ? ORDER BY seq")) {
            ps.setFetchSize(512);
            ps.setString(1, row.room);
            try (ResultSet rs = ps.executeQuery()) {
                while ((count > limits.maxCount() || bytes > limits.maxBytes()) && rs.next()) {
                    dropThrough = rs.getLong(1);
                    bytes -= rs.getLong(2);
                    count--;
                }
            }
        }
        if (dropThrough < 0) {
            return;
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM messages WHERE room = ? AND seq <= ?")) {
            del.setString(1, row.room);
            del.setLong(2, dropThrough);
            del.executeUpdate();
        }
        row.count = count;
        row.bytes = bytes;
        row.changed = true;
    }

    /**
     * Deletes every message stamped before {@code cutoff} and commits, unless another relay sweeps now; returns how
     * many were deleted, or -1 when the sweep was left to another relay.
     */
    int dropOlderThan(Connection c, long cutoff) throws SQLException {
        try {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                ps.setLong(1, SWEEP_LOCK);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        c.rollback();
                        return -1;
                    }
                }
            }
            List<String> rooms = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT room FROM rooms WHERE room IN"
                    + " (SELECT DISTINCT room FROM messages WHERE ts < ?) ORDER BY room FOR UPDATE")) {
                ps.setLong(1, cutoff);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rooms.add(rs.getString(1));
                    }
                }
            }
            int dropped = 0;
            if (!rooms.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("WITH d AS (DELETE FROM messages WHERE ts < ?"
                        + " AND room = ANY(?) RETURNING room, bytes),"
                        + " s AS (SELECT room, count(*) AS n, sum(bytes) AS b FROM d GROUP BY room)"
                        + " UPDATE rooms r SET message_count = r.message_count - s.n,"
                        + " message_bytes = r.message_bytes - s.b FROM s WHERE r.room = s.room RETURNING s.n")) {
                    ps.setLong(1, cutoff);
                    ps.setArray(2, c.createArrayOf("text", rooms.toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            dropped += rs.getInt(1);
                        }
                    }
                }
            }
            c.commit();
            return dropped;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }
}
