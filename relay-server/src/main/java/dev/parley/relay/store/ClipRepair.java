package dev.parley.relay.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * At start, before anything is written, makes voice rows and clip files agree again: deletes every file without a
 * row, and removes every row whose file is missing or of the wrong length (its file, if any, moved aside).
 *
 * <p>Why these rules. A file is synced before its row commits, and a row is deleted (committed) before its file; so
 * a crash leaves at most files without rows: clips never acknowledged, or already dropped by retention, safe to
 * delete. A row without its whole clip cannot come from a crash; it means the disk or someone damaged the folder.
 * Such a message cannot be served whole, so its row goes (with a warning naming it; its seq is not reused, since
 * {@code rooms.last_seq} keeps counting) and a file of the wrong length is kept in {@code damagedDir} for whoever
 * wants to look, rather than destroyed. The file is moved before the row is deleted: a crash in between leaves a
 * row without a file, which the next start removes.
 */
final class ClipRepair {
    private static final Logger log = LoggerFactory.getLogger(ClipRepair.class);

    private ClipRepair() {
    }

    private record BadRow(String room, ClipFiles.Key key, boolean fileThere) {
    }

    /** Runs the check; {@code c} is in manual-commit mode and nothing else writes yet. */
    static void run(Connection c, ClipFiles clips, Path damagedDir) throws SQLException, IOException {
        Map<ClipFiles.Key, Long> files = clips.list();
        int total = files.size();
        List<BadRow> bad = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, m.seq, m.bytes, m.room, m.id, m.sender"
                + " FROM messages m JOIN rooms r ON r.room = m.room WHERE m.kind = " + Rows.VOICE);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ClipFiles.Key key = new ClipFiles.Key(rs.getLong(1), rs.getLong(2));
                Long size = files.remove(key);
                if (size == null || size != rs.getLong(3)) {
                    bad.add(new BadRow(rs.getString(4), key, size != null));
                    if (size == null) {
                        log.warn("message {} (seq {}) from {} in room {}: its clip file {} is missing; the message is"
                                + " removed", rs.getString(5), key.seq(), rs.getString(6), rs.getString(4), clips.path(key));
                    } else {
                        log.warn("message {} (seq {}) from {} in room {}: its clip file holds {} bytes, not {}; the"
                                        + " message is removed and the file moved to {}", rs.getString(5), key.seq(),
                                rs.getString(6), rs.getString(4), size, rs.getLong(3), damagedDir);
                    }
                }
            }
        }
        for (BadRow b : bad) {
            if (b.fileThere()) {
                clips.moveAside(b.key(), damagedDir);
            }
        }
        try (PreparedStatement del = c.prepareStatement("DELETE FROM messages WHERE room = ? AND seq = ?")) {
            for (BadRow b : bad) {
                del.setString(1, b.room());
                del.setLong(2, b.key().seq());
                del.addBatch();
            }
            del.executeBatch();
        }
        c.commit();
        // what is left has no row: never acknowledged, or dropped by retention before the files went
        clips.deleteQuietly(files.keySet());
        if (!files.isEmpty()) {
            log.info("clip check: deleted {} of {} clip file(s), whose message was never stored or already dropped",
                    files.size(), total);
        }
        if (!bad.isEmpty()) {
            log.warn("clip check: removed {} message(s) whose clip file was missing or damaged", bad.size());
        }
    }
}
