package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps rows of the {@code messages} table to wire headers; a voice row's audio is in its {@link ClipFiles} file. */
final class Rows {
    static final int CHAT = 0;
    static final int VOICE = 1;
    /** The columns {@link #header} expects, in order. */
    static final String COLUMNS = "seq, id, sender, ts, kind, text, duration_ms, sample_rate, channels, bytes";

    private Rows() {
    }

    /** The stored message's header; for voice, {@code bytes} is the length its clip file must have. */
    static ServerMessage.Stored header(ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        String id = rs.getString(2);
        String from = rs.getString(3);
        long ts = rs.getLong(4);
        if (rs.getInt(5) == VOICE) {
            return new ServerMessage.Voice(seq, id, from, ts, rs.getLong(7), rs.getInt(8), rs.getInt(9),
                    rs.getLong(10), false);
        }
        return new ServerMessage.Chat(seq, id, from, rs.getString(6), ts, false);
    }
}
