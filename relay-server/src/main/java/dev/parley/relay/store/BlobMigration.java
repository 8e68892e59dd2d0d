package dev.parley.relay.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Schema step 0 to 1, inside the caller's transaction: numbers the rooms and moves every clip stored as a BLOB into
 * its synced clip file before the BLOBs are cleared, so until the caller commits the database still holds them all.
 *
 * <p>A crash before the commit leaves version 0 with every BLOB; the next start writes the files again over what
 * the interrupted run left.
 */
final class BlobMigration {
    private BlobMigration() {
    }

    /** Returns how many clips it moved; throws (with the files it wrote deleted) if any could not be written. */
    static int run(Connection c, ClipFiles clips) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            // a room with messages always had a row here; make sure, since its number names its folder
            s.execute("INSERT INTO rooms(room, last_seq) SELECT room, MAX(seq) FROM messages"
                    + " WHERE room NOT IN (SELECT room FROM rooms) GROUP BY room");
            s.execute("ALTER TABLE rooms ADD COLUMN id INTEGER");
            s.execute("UPDATE rooms SET id = rowid");
            s.execute("CREATE UNIQUE INDEX rooms_by_id ON rooms(id)");
        }
        List<ClipFiles.Key> written = new ArrayList<>();
        Set<Long> roomIds = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT r.id, m.seq, m.clip FROM messages m"
                + " JOIN rooms r ON r.room = m.room WHERE m.clip IS NOT NULL ORDER BY r.id, m.seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ClipFiles.Key key = new ClipFiles.Key(rs.getLong(1), rs.getLong(2));
                written.add(key);
                clips.write(new ClipFiles.Clip(key, rs.getBytes(3)));
                roomIds.add(key.roomId());
            }
            clips.syncRooms(roomIds);
        } catch (SQLException | IOException | RuntimeException e) {
            clips.deleteQuietly(written);
            throw e;
        }
        try (Statement s = c.createStatement()) {
            s.execute("UPDATE messages SET bytes = length(clip) WHERE clip IS NOT NULL AND bytes != length(clip)");
            s.execute("UPDATE messages SET clip = NULL WHERE clip IS NOT NULL");
        }
        return written.size();
    }
}
