package dev.parley.relay.store;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Adds one batch's played receipts to the writer's open transaction: checks that the seq is a voice message of the
 * room sent by someone else, then stores the receipt under the next {@code id}, or finds the one already stored.
 */
final class SqliteReceipts implements AutoCloseable {

    /** What became of one receipt: stored (new or {@code duplicate}), or refused. */
    record Outcome(ServerMessage.Played receipt, boolean duplicate, ReceiptListener.Refusal refusal) {
        static Outcome refused(ReceiptListener.Refusal why) {
            return new Outcome(null, false, why);
        }

        void tell(ReceiptListener listener) {
            if (refusal != null) {
                listener.refused(refusal);
            } else {
                listener.stored(receipt, duplicate);
            }
        }

        /** Whether a new receipt was stored. */
        boolean isNew() {
            return refusal == null && !duplicate;
        }
    }

    private final PreparedStatement message;
    private final PreparedStatement existing;
    private final PreparedStatement insert;

    SqliteReceipts(Connection connection) throws SQLException {
        this.message = connection.prepareStatement("SELECT kind, nick_key FROM messages WHERE room = ? AND seq = ?");
        this.existing = connection.prepareStatement(
                "SELECT id, nick, ts FROM receipts WHERE room = ? AND seq = ? AND nick_key = ?");
        this.insert = connection.prepareStatement(
                "INSERT INTO receipts(room, seq, nick_key, nick, ts) VALUES (?,?,?,?,?) RETURNING id");
    }

    /** Stores {@code r} stamped {@code ts}, finds its earlier copy, or says why it cannot be stored. */
    Outcome insert(NewReceipt r, long ts) throws SQLException {
        String nickKey = Names.nickKey(r.nick());
        message.setString(1, r.room());
        message.setLong(2, r.seq());
        try (ResultSet rs = message.executeQuery()) {
            if (!rs.next() || rs.getInt(1) != Rows.VOICE) {
                return Outcome.refused(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
            }
            if (rs.getString(2).equals(nickKey)) {
                return Outcome.refused(ReceiptListener.Refusal.OWN_MESSAGE);
            }
        }
        existing.setString(1, r.room());
        existing.setLong(2, r.seq());
        existing.setString(3, nickKey);
        try (ResultSet rs = existing.executeQuery()) {
            if (rs.next()) {
                return new Outcome(new ServerMessage.Played(r.seq(), rs.getString(2), rs.getLong(3), rs.getLong(1),
                        false), true, null);
            }
        }
        insert.setString(1, r.room());
        insert.setLong(2, r.seq());
        insert.setString(3, nickKey);
        insert.setString(4, r.nick());
        insert.setLong(5, ts);
        try (ResultSet rs = insert.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the receipt of " + r.nick() + " for seq " + r.seq() + " got no id");
            }
            return new Outcome(new ServerMessage.Played(r.seq(), r.nick(), ts, rs.getLong(1), false), false, null);
        }
    }

    @Override
    public void close() throws SQLException {
        try (message; existing; insert) {
            // closes all three, whichever fails
        }
    }
}
