package dev.parley.relay.store.postgres;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.NewReceipt;
import dev.parley.relay.store.ReceiptListener;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The receipts of one group commit: each is checked against the message it points at, a duplicate is answered with
 * the stored receipt, and the new ones are numbered from their room's {@code last_receipt_id} and inserted.
 *
 * <p>A receipt may point at a voice message of someone else that is stored, or that comes before it in the batch;
 * a message numbered after the receipt's place in the batch does not count. The lookups are one statement each for
 * the whole batch.
 */
final class PgReceipts {

    private record RoomSeq(String room, long seq) {
    }

    private record ReceiptKey(String room, long seq, String nickKey) {
    }

    /** A message of the room the receipts of the batch may point at: its kind and its sender's nick key. */
    private record Target(boolean voice, String nickKey) {
    }

    /** A receipt of the batch waiting for its lookups; {@code visibleSeq} is the room's newest seq at its place. */
    private record PendingReceipt(int index, PgGroupCommit.Receipt write, String nickKey, long visibleSeq) {
    }

    private final Clock clock;
    /** The messages of the batch, by room and seq. */
    private final Map<RoomSeq, Target> targets = new HashMap<>();
    private final List<PendingReceipt> pending = new ArrayList<>();

    PgReceipts(Clock clock) {
        this.clock = clock;
    }

    /** A message of the batch, numbered {@code seq} in {@code room}: receipts after it may point at it. */
    void message(String room, long seq, boolean voice, String nickKey) {
        targets.put(new RoomSeq(room, seq), new Target(voice, nickKey));
    }

    /** The receipt at {@code index} of the batch; {@code visibleSeq} is its room's newest seq at that place. */
    void receipt(int index, PgGroupCommit.Receipt write, long visibleSeq) {
        pending.add(new PendingReceipt(index, write, Names.nickKey(write.receipt().nick()), visibleSeq));
    }

    /**
     * Checks the batch's receipts in append order against the messages they point at, answers a duplicate with the
     * stored receipt, numbers and inserts the new ones, and puts each receipt's listener call in {@code tell} at its
     * index; returns how many were new.
     */
    int store(Connection c, Map<String, PgGroupCommit.RoomRow> rooms, Runnable[] tell) throws SQLException {
        if (pending.isEmpty()) {
            return 0;
        }
        List<PendingReceipt> lookUp = new ArrayList<>();
        for (PendingReceipt p : pending) {
            RoomSeq at = new RoomSeq(p.write().room(), p.write().receipt().seq());
            if (!targets.containsKey(at) && at.seq() >= 1 && at.seq() <= p.visibleSeq()) {
                lookUp.add(p);
            }
        }
        Map<RoomSeq, Target> found = new HashMap<>(targets);
        found.putAll(storedTargets(c, lookUp));
        Map<ReceiptKey, ServerMessage.Played> earlier = storedReceipts(c);
        List<String[]> rows = new ArrayList<>();
        List<ServerMessage.Played> inserted = new ArrayList<>();
        for (PendingReceipt p : pending) {
            NewReceipt r = p.write().receipt();
            ReceiptListener listener = p.write().listener();
            Target target = r.seq() >= 1 && r.seq() <= p.visibleSeq() ? found.get(new RoomSeq(r.room(), r.seq())) : null;
            if (target == null || !target.voice()) {
                tell[p.index()] = () -> listener.refused(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
                continue;
            }
            if (target.nickKey().equals(p.nickKey())) {
                tell[p.index()] = () -> listener.refused(ReceiptListener.Refusal.OWN_MESSAGE);
                continue;
            }
            ReceiptKey key = new ReceiptKey(r.room(), r.seq(), p.nickKey());
            ServerMessage.Played before = earlier.get(key);
            if (before != null) {
                tell[p.index()] = () -> listener.stored(before, true);
                continue;
            }
            PgGroupCommit.RoomRow row = rooms.get(r.room());
            row.lastReceiptId++;
            row.changed = true;
            ServerMessage.Played played = new ServerMessage.Played(r.seq(), r.nick(), clock.millis(), row.lastReceiptId,
                    false);
            earlier.put(key, played);
            rows.add(new String[] {r.room(), p.nickKey()});
            inserted.add(played);
            tell[p.index()] = () -> listener.stored(played, false);
        }
        insert(c, rows, inserted);
        return inserted.size();
    }

    /** Inserts the new receipts; {@code rows} holds each one's room and nick key. */
    private static void insert(Connection c, List<String[]> rows, List<ServerMessage.Played> inserted)
            throws SQLException {
        if (inserted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO receipts(room, id, seq, nick_key, nick, ts) VALUES (?,?,?,?,?,?)")) {
            for (int i = 0; i < inserted.size(); i++) {
                ServerMessage.Played played = inserted.get(i);
                ps.setString(1, rows.get(i)[0]);
                ps.setLong(2, played.id());
                ps.setLong(3, played.seq());
                ps.setString(4, rows.get(i)[1]);
                ps.setString(5, played.nick());
                ps.setLong(6, played.ts());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Kind and sender of the stored messages these receipts point at (absent: no such message). */
    private static Map<RoomSeq, Target> storedTargets(Connection c, List<PendingReceipt> lookUp) throws SQLException {
        Map<RoomSeq, Target> out = new HashMap<>();
        if (lookUp.isEmpty()) {
            return out;
        }
        String[] rooms = new String[lookUp.size()];
        Long[] seqs = new Long[lookUp.size()];
        for (int i = 0; i < lookUp.size(); i++) {
            rooms[i] = lookUp.get(i).write().room();
            seqs[i] = lookUp.get(i).write().receipt().seq();
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT m.room, m.seq, m.kind, m.nick_key"
                + " FROM unnest(?::text[], ?::bigint[]) AS k(room, seq)"
                + " JOIN messages m ON m.room = k.room AND m.seq = k.seq")) {
            ps.setArray(1, c.createArrayOf("text", rooms));
            ps.setArray(2, c.createArrayOf("int8", seqs));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new RoomSeq(rs.getString(1), rs.getLong(2)),
                            new Target(rs.getInt(3) == PgRows.VOICE, rs.getString(4)));
                }
            }
        }
        return out;
    }

    /** The receipts already stored for the batch's (room, seq, nick key). */
    private Map<ReceiptKey, ServerMessage.Played> storedReceipts(Connection c) throws SQLException {
        String[] rooms = new String[pending.size()];
        Long[] seqs = new Long[pending.size()];
        String[] nicks = new String[pending.size()];
        for (int i = 0; i < pending.size(); i++) {
            rooms[i] = pending.get(i).write().room();
            seqs[i] = pending.get(i).write().receipt().seq();
            nicks[i] = pending.get(i).nickKey();
        }
        Map<ReceiptKey, ServerMessage.Played> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.room, r.seq, r.nick_key, r.nick, r.ts, r.id"
                + " FROM unnest(?::text[], ?::bigint[], ?::text[]) AS k(room, seq, nick_key)"
                + " JOIN receipts r ON r.room = k.room AND r.seq = k.seq AND r.nick_key = k.nick_key")) {
            ps.setArray(1, c.createArrayOf("text", rooms));
            ps.setArray(2, c.createArrayOf("int8", seqs));
            ps.setArray(3, c.createArrayOf("text", nicks));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(new ReceiptKey(rs.getString(1), rs.getLong(2), rs.getString(3)),
                            new ServerMessage.Played(rs.getLong(2), rs.getString(4), rs.getLong(5), rs.getLong(6),
                                    false));
                }
            }
        }
        return out;
    }
}
