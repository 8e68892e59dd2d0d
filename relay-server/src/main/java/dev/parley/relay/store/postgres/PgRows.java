package dev.parley.relay.store.postgres;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.NewMessage;
import dev.parley.relay.store.StoredMessage;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps rows of the {@code messages} table to stored messages; {@code id} and {@code text} are kept as UTF-8 bytes. */
final class PgRows {
    static final int CHAT = 0;
    static final int VOICE = 1;
    /** The columns {@link #message} expects, in order. */
    static final String COLUMNS = "seq, id, sender, ts, kind, text, duration_ms, sample_rate, channels, bytes, clip";

    private PgRows() {
    }

    /** The message of a row selected with {@link #COLUMNS} from column {@code first} on. */
    static StoredMessage message(String room, ResultSet rs, int first) throws SQLException {
        int c = first;
        long seq = rs.getLong(c);
        String id = utf8(rs.getBytes(c + 1));
        String from = rs.getString(c + 2);
        long ts = rs.getLong(c + 3);
        if (rs.getInt(c + 4) == VOICE) {
            return new StoredMessage(room, new ServerMessage.Voice(seq, id, from, ts, rs.getLong(c + 6),
                    rs.getInt(c + 7), rs.getInt(c + 8), rs.getLong(c + 9), false), rs.getBytes(c + 10));
        }
        return new StoredMessage(room, new ServerMessage.Chat(seq, id, from, utf8(rs.getBytes(c + 5)), ts, false), null);
    }

    /** {@code m} as it is stored under {@code seq}, stamped {@code ts}. */
    static StoredMessage stored(NewMessage m, long seq, long ts) {
        ServerMessage.Stored header = m.isVoice()
                ? new ServerMessage.Voice(seq, m.id(), m.from(), ts, m.wav().durationMs(), m.wav().sampleRate(),
                m.wav().channels(), m.clip().length, false)
                : new ServerMessage.Chat(seq, m.id(), m.from(), m.text(), ts, false);
        return new StoredMessage(m.room(), header, m.clip());
    }

    static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String utf8(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}
