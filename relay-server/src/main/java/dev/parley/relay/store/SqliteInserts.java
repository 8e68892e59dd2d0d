package dev.parley.relay.store;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Adds one batch's messages to the writer's open transaction: a new message under its room's next seq (its clip
 * kept for {@link #newClips}, to be written before the commit), a duplicate answered with the stored copy.
 */
final class SqliteInserts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteInserts.class);

    /** What became of one message. */
    record Inserted(StoredMessage message, boolean duplicate) {
    }

    private final PreparedStatement insert;
    private final PreparedStatement existing;
    private final Function<String, RoomStats> rooms;
    private final ClipFiles clips;
    private final Map<ClipFiles.Key, byte[]> newClips = new LinkedHashMap<>();

    /** @param rooms a room's figures, made (with a new number) for a room never seen */
    SqliteInserts(Connection connection, Function<String, RoomStats> rooms, ClipFiles clips) throws SQLException {
        this.rooms = rooms;
        this.clips = clips;
        this.insert = connection.prepareStatement("INSERT OR IGNORE INTO messages(room, seq, nick_key,"
                + " id, sender, ts, kind, text, duration_ms, sample_rate, channels, bytes)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        this.existing = connection.prepareStatement("SELECT " + Rows.COLUMNS
                + " FROM messages WHERE room = ? AND nick_key = ? AND id = ?");
    }

    /** Stores {@code m} stamped {@code ts}, or finds its earlier copy under the same (room, nick, id). */
    Inserted insert(NewMessage m, long ts) throws SQLException, IOException {
        RoomStats stats = rooms.apply(m.room());
        String nickKey = Names.nickKey(m.from());
        long seq = stats.lastSeq + 1;
        StoredMessage stored = stored(m, seq, ts);
        insert.setString(1, m.room());
        insert.setLong(2, seq);
        insert.setString(3, nickKey);
        insert.setString(4, m.id());
        insert.setString(5, m.from());
        insert.setLong(6, ts);
        insert.setInt(7, m.isVoice() ? Rows.VOICE : Rows.CHAT);
        insert.setString(8, m.text());
        if (m.isVoice()) {
            insert.setLong(9, m.wav().durationMs());
            insert.setInt(10, m.wav().sampleRate());
            insert.setInt(11, m.wav().channels());
        } else {
            insert.setNull(9, Types.INTEGER);
            insert.setNull(10, Types.INTEGER);
            insert.setNull(11, Types.INTEGER);
        }
        insert.setLong(12, stored.size());
        if (insert.executeUpdate() == 1) {
            stats.lastSeq = seq;
            if (stats.count == 0) {
                stats.minSeq = seq;
            }
            stats.count++;
            stats.bytes += stored.size();
            if (m.isVoice()) {
                newClips.put(stats.clip(seq), m.clip());
            }
            return new Inserted(stored, false);
        }
        return new Inserted(earlierCopy(m, nickKey, stats), true);
    }

    private StoredMessage earlierCopy(NewMessage m, String nickKey, RoomStats stats) throws SQLException, IOException {
        existing.setString(1, m.room());
        existing.setString(2, nickKey);
        existing.setString(3, m.id());
        ServerMessage.Stored header;
        try (ResultSet rs = existing.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("message " + m.id() + " was neither stored nor found");
            }
            header = Rows.header(rs);
        }
        if (!(header instanceof ServerMessage.Voice voice)) {
            return new StoredMessage(m.room(), header, null);
        }
        ClipFiles.Key key = stats.clip(voice.seq());
        byte[] clip = newClips.containsKey(key) ? newClips.get(key) : clips.read(key, voice.bytes());
        if (clip == null) {
            log.warn("the clip of message {} (seq {}) is missing or damaged; its duplicate is answered with the bytes"
                    + " sent again", m.id(), voice.seq());
            clip = m.clip();
        }
        return new StoredMessage(m.room(), header, clip);
    }

    private static StoredMessage stored(NewMessage m, long seq, long ts) {
        ServerMessage.Stored header = m.isVoice()
                ? new ServerMessage.Voice(seq, m.id(), m.from(), ts, m.wav().durationMs(), m.wav().sampleRate(),
                m.wav().channels(), m.clip().length, false)
                : new ServerMessage.Chat(seq, m.id(), m.from(), m.text(), ts, false);
        return new StoredMessage(m.room(), header, m.clip());
    }

    /** The clips of the messages this batch stored, to be written and synced before the transaction commits. */
    List<ClipFiles.Clip> newClips() {
        List<ClipFiles.Clip> out = new ArrayList<>(newClips.size());
        newClips.forEach((key, bytes) -> out.add(new ClipFiles.Clip(key, bytes)));
        return out;
    }

    @Override
    public void close() throws SQLException {
        try {
            insert.close();
        } finally {
            existing.close();
        }
    }
}
