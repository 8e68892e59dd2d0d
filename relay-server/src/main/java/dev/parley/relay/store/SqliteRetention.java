package dev.parley.relay.store;

import dev.parley.relay.Retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Deletes the rows retention drops, inside the writer's open transaction, and names their clips: the caller deletes
 * those files only after the transaction commits, so a crash can leave a file without a row, never the reverse.
 * A message's receipts go with it (the {@code receipts} table's foreign key cascades, see {@link Schema}).
 */
final class SqliteRetention {
    private final Connection connection;
    private final Map<String, RoomStats> rooms;
    private final Retention retention;

    SqliteRetention(Connection connection, Map<String, RoomStats> rooms, Retention retention) {
        this.connection = connection;
        this.rooms = rooms;
        this.retention = retention;
    }

    /** Drops a room's oldest messages while it holds more than the retention count or bytes; adds their clips to {@code dropped}. */
    void enforceCountAndBytes(String room, List<ClipFiles.Key> dropped) throws SQLException {
        RoomStats stats = rooms.get(room);
        if (stats.count <= retention.maxCount() && stats.bytes <= retention.maxBytes()) {
            return;
        }
        long dropThrough = stats.minSeq - 1;
        long count = stats.count;
        long bytes = stats.bytes;
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, bytes, kind FROM messages WHERE room = ? ORDER BY seq")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                while ((count > retention.maxCount() || bytes > retention.maxBytes()) && rs.next()) {
                    dropThrough = rs.getLong(1);
                    bytes -= rs.getLong(2);
                    count--;
                    if (rs.getInt(3) == Rows.VOICE) {
                        dropped.add(stats.clip(dropThrough));
                    }
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

    /** Deletes every message stamped before {@code cutoff}, adds their clips to {@code dropped}; returns how many. */
    int dropOlderThan(long cutoff, List<ClipFiles.Key> dropped) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT r.id, m.seq FROM messages m"
                + " JOIN rooms r ON r.room = m.room WHERE m.ts < ? AND m.kind = " + Rows.VOICE)) {
            ps.setLong(1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    dropped.add(new ClipFiles.Key(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        try (PreparedStatement del = connection.prepareStatement("DELETE FROM messages WHERE ts < ?")) {
            del.setLong(1, cutoff);
            return del.executeUpdate();
        }
    }

    /** Re-reads count, bytes and oldest seq of every room from the table. */
    void reloadStats() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT room, COUNT(*), COALESCE(SUM(bytes), 0), MIN(seq) FROM messages GROUP BY room")) {
            for (RoomStats stats : rooms.values()) {
                stats.count = 0;
                stats.bytes = 0;
            }
            while (rs.next()) {
                RoomStats stats = rooms.get(rs.getString(1));
                if (stats == null) {
                    throw new SQLException("messages of room " + rs.getString(1) + " have no row in rooms");
                }
                stats.count = rs.getLong(2);
                stats.bytes = rs.getLong(3);
                stats.minSeq = rs.getLong(4);
            }
        }
    }
}
