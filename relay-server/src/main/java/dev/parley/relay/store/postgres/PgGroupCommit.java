package dev.parley.relay.store.postgres;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.AppendListener;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.NewReceipt;
import dev.parley.relay.store.ReceiptListener;
import dev.parley.relay.store.StoredMessage;
import dev.parley.relay.store.WriteQueue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One group commit: a batch's messages and receipts in one transaction, on the writer's connection.
 *
 * <p>First the batch locks the {@code rooms} rows of every room it touches, in name order (made when missing), with
 * one statement: a writer of the same room on another relay waits for this commit, and two relays never wait for
 * each other in a circle. Holding the locks, it reads the rooms' counters, finds which messages are already stored
 * (a duplicate is answered with the stored copy), numbers the new ones from {@code last_seq}, checks and numbers the
 * receipts from {@code last_receipt_id} (a {@link PgReceipts}), applies retention by count and bytes, writes the
 * counters back and commits.
 * So a room's seqs (and receipt ids) are given out gap-free in commit order, whichever relay commits.
 */
final class PgGroupCommit {

    /** Something to store, with whom to tell. */
    sealed interface Write extends WriteQueue.Write permits Append, Receipt {
        String room();
    }

    record Append(NewMessage message, AppendListener listener) implements Write {
        @Override
        public String room() {
            return message.room();
        }

        @Override
        public long bytes() {
            return message.isVoice() ? message.clip().length : 0;
        }

        @Override
        public void failed(Exception cause) {
            listener.failed(cause);
        }
    }

    record Receipt(NewReceipt receipt, ReceiptListener listener) implements Write {
        @Override
        public String room() {
            return receipt.room();
        }

        @Override
        public void failed(Exception cause) {
            listener.failed(cause);
        }
    }

    /** What a committed batch stored (duplicates not counted) and the listener calls to make, in append order. */
    record Outcome(int chats, int voices, int receipts, List<Runnable> tell) {
    }

    /** A room's counters, read under its row lock and written back before the commit. */
    static final class RoomRow {
        final String room;
        long lastSeq;
        long lastReceiptId;
        long count;
        long bytes;
        boolean changed;
        boolean newMessages;

        RoomRow(String room, long lastSeq, long lastReceiptId, long count, long bytes) {
            this.room = room;
            this.lastSeq = lastSeq;
            this.lastReceiptId = lastReceiptId;
            this.count = count;
            this.bytes = bytes;
        }
    }

    private record Key(String room, String nickKey, String id) {
    }

    private final PgRetention retention;
    private final Clock clock;

    PgGroupCommit(PgRetention retention, Clock clock) {
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Stores {@code writes} in one transaction on {@code c} and commits; throws on any failure (nothing stored, unless
     * the connection broke after the database committed: a retry with the same ids then finds them stored).
     */
    Outcome run(Connection c, List<Write> writes) throws SQLException {
        TreeSet<String> names = new TreeSet<>();
        for (Write w : writes) {
            names.add(w.room());
        }
        Map<String, RoomRow> rooms = lock(c, names);
        Runnable[] tell = new Runnable[writes.size()];
        Map<Key, StoredMessage> stored = existing(c, writes);
        PgReceipts receipts = new PgReceipts(clock);
        List<StoredMessage> inserts = new ArrayList<>();
        int chats = 0;
        int voices = 0;
        for (int i = 0; i < writes.size(); i++) {
            Write w = writes.get(i);
            RoomRow row = rooms.get(w.room());
            if (w instanceof Append a) {
                NewMessage m = a.message();
                Key key = new Key(m.room(), Names.nickKey(m.from()), m.id());
                StoredMessage earlier = stored.get(key);
                if (earlier != null) {
                    tell[i] = () -> a.listener().stored(earlier, true);
                    continue;
                }
                StoredMessage s = PgRows.stored(m, row.lastSeq + 1, clock.millis());
                row.lastSeq++;
                row.count++;
                row.bytes += s.size();
                row.changed = true;
                row.newMessages = true;
                stored.put(key, s);
                receipts.message(m.room(), row.lastSeq, m.isVoice(), key.nickKey());
                inserts.add(s);
                if (m.isVoice()) {
                    voices++;
                } else {
                    chats++;
                }
                tell[i] = () -> a.listener().stored(s, false);
            } else if (w instanceof Receipt r) {
                receipts.receipt(i, r, row.lastSeq);
            }
        }
        insertMessages(c, inserts);
        int newReceipts = receipts.store(c, rooms, tell);
        for (RoomRow row : rooms.values()) {
            if (row.newMessages) {
                retention.enforceCountAndBytes(c, row);
            }
        }
        saveRooms(c, rooms);
        c.commit();
        return new Outcome(chats, voices, newReceipts, List.of(tell));
    }

    /** Locks (making when missing) the rooms rows of {@code names}, in name order, and reads their counters. */
    private static Map<String, RoomRow> lock(Connection c, TreeSet<String> names) throws SQLException {
        Map<String, RoomRow> rooms = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rooms(room) SELECT unnest(?::text[]) ORDER BY 1"
                + " ON CONFLICT (room) DO UPDATE SET room = EXCLUDED.room"
                + " RETURNING room, last_seq, last_receipt_id, message_count, message_bytes")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rooms.put(rs.getString(1), new RoomRow(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        if (rooms.size() != names.size()) {
            throw new SQLException("locked " + rooms.size() + " of " + names.size() + " rooms");
        }
        return rooms;
    }

    /** The stored copies of the batch's messages that are already stored, by (room, nick key, id). */
    private static Map<Key, StoredMessage> existing(Connection c, List<Write> writes) throws SQLException {
        List<Key> keys = new ArrayList<>();
        for (Write w : writes) {
            if (w instanceof Append a) {
                keys.add(new Key(a.message().room(), Names.nickKey(a.message().from()), a.message().id()));
            }
        }
        Map<Key, StoredMessage> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        String[] rooms = new String[keys.size()];
        String[] nicks = new String[keys.size()];
        byte[][] ids = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            rooms[i] = keys.get(i).room();
            nicks[i] = keys.get(i).nickKey();
            ids[i] = PgRows.utf8(keys.get(i).id());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT k.i, m." + PgRows.COLUMNS.replace(", ", ", m.")
                + " FROM unnest(?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS k(room, nick_key, id, i)"
                + " JOIN messages m ON m.room = k.room AND m.nick_key = k.nick_key AND m.id = k.id")) {
            ps.setArray(1, c.createArrayOf("text", rooms));
            ps.setArray(2, c.createArrayOf("text", nicks));
            ps.setArray(3, c.createArrayOf("bytea", ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Key key = keys.get((int) rs.getLong(1) - 1);
                    out.put(key, PgRows.message(key.room(), rs, 2));
                }
            }
        }
        return out;
    }

    private static void insertMessages(Connection c, List<StoredMessage> inserts) throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages(room, seq, nick_key, id, sender, ts,"
                + " kind, text, duration_ms, sample_rate, channels, bytes, clip) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (StoredMessage s : inserts) {
                ServerMessage.Stored m = s.message();
                ps.setString(1, s.room());
                ps.setLong(2, m.seq());
                ps.setString(3, Names.nickKey(m.from()));
                ps.setBytes(4, PgRows.utf8(m.id()));
                ps.setString(5, m.from());
                ps.setLong(6, m.ts());
                if (m instanceof ServerMessage.Voice v) {
                    ps.setInt(7, PgRows.VOICE);
                    ps.setNull(8, Types.BINARY);
                    ps.setLong(9, v.durationMs());
                    ps.setInt(10, v.sampleRate());
                    ps.setInt(11, v.channels());
                } else {
                    ps.setInt(7, PgRows.CHAT);
                    ps.setBytes(8, PgRows.utf8(((ServerMessage.Chat) m).text()));
                    ps.setNull(9, Types.BIGINT);
                    ps.setNull(10, Types.INTEGER);
                    ps.setNull(11, Types.INTEGER);
                }
                ps.setLong(12, s.size());
                ps.setBytes(13, s.clip());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void saveRooms(Connection c, Map<String, RoomRow> rooms) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE rooms SET last_seq = ?, last_receipt_id = ?,"
                + " message_count = ?, message_bytes = ? WHERE room = ?")) {
            int n = 0;
            for (RoomRow row : rooms.values()) {
                if (row.changed) {
                    ps.setLong(1, row.lastSeq);
                    ps.setLong(2, row.lastReceiptId);
                    ps.setLong(3, row.count);
                    ps.setLong(4, row.bytes);
                    ps.setString(5, row.room);
                    ps.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                ps.executeBatch();
            }
        }
    }
}
