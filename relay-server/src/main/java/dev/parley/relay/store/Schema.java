package dev.parley.relay.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the store's tables in {@code messages.db} and brings a file made by an older relay up to the current
 * schema, counted in {@code PRAGMA user_version}; each step runs in one transaction, so a crash leaves the version
 * before that step, and the next start goes on from there.
 *
 * <p>Version 0 (the first relays): {@code rooms(room, last_seq)} and {@code messages} with the clip's bytes in
 * {@code clip}. Version 1: rooms also have a number ({@code rooms.id}, which names their folder of clip files) and
 * {@code messages.clip} is always {@code NULL}: the audio is in {@link ClipFiles}. Version 2: {@code receipts}, the
 * played receipts of voice messages, one per (room, seq, nick key), numbered by {@code id} in the order they were
 * stored (never reused: {@code AUTOINCREMENT}), deleted with their message (a foreign key with
 * {@code ON DELETE CASCADE}, enforced where the connection turns {@code foreign_keys} on). A new file is made as
 * version 0 and upgraded by the same steps, so new and upgraded files cannot differ.
 */
final class Schema {
    private static final Logger log = LoggerFactory.getLogger(Schema.class);
    static final int CURRENT = 2;

    private Schema() {
    }

    /** Creates or upgrades the tables; leaves {@code c} in manual-commit mode. */
    static void prepare(Connection c, ClipFiles clips) throws SQLException, IOException {
        c.setAutoCommit(false);
        int version = version(c);
        if (version > CURRENT) {
            throw new SQLException("messages.db was written by a newer Parley relay (schema " + version
                    + ", this relay knows up to " + CURRENT + ")");
        }
        if (version < 1) {
            toVersion1(c, clips);
        }
        if (version < 2) {
            step(c, 2, () -> addReceipts(c));
        }
    }

    /** Version 0 (made here when the file is new) to 1: clips move out into files. */
    private static void toVersion1(Connection c, ClipFiles clips) throws SQLException, IOException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS rooms(room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS messages(room TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " nick_key TEXT NOT NULL, id TEXT NOT NULL, sender TEXT NOT NULL, ts INTEGER NOT NULL,"
                    + " kind INTEGER NOT NULL, text TEXT, duration_ms INTEGER, sample_rate INTEGER,"
                    + " channels INTEGER, bytes INTEGER NOT NULL, clip BLOB,"
                    + " PRIMARY KEY(room, seq), UNIQUE(room, nick_key, id))");
        }
        int[] moved = new int[1];
        step(c, 1, () -> moved[0] = BlobMigration.run(c, clips));
        if (moved[0] > 0) {
            log.info("moved {} voice clip(s) out of messages.db into {}", moved[0], clips.root());
            compact(c);
        }
    }

    /** Version 1 to 2: the receipts table and its index by room and id (for catch-up by {@code playedSince}). */
    private static void addReceipts(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE receipts(id INTEGER PRIMARY KEY AUTOINCREMENT, room TEXT NOT NULL,"
                    + " seq INTEGER NOT NULL, nick_key TEXT NOT NULL, nick TEXT NOT NULL, ts INTEGER NOT NULL,"
                    + " UNIQUE(room, seq, nick_key),"
                    + " FOREIGN KEY(room, seq) REFERENCES messages(room, seq) ON DELETE CASCADE)");
            s.execute("CREATE INDEX receipts_by_room_id ON receipts(room, id)");
        }
    }

    /** One upgrade step: {@code work}, then the new version, in one transaction (rolled back on any failure). */
    private static void step(Connection c, int to, Work work) throws SQLException, IOException {
        try {
            work.run();
            setVersion(c, to);
            c.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** The body of a step. */
    private interface Work {
        void run() throws SQLException, IOException;
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void setVersion(Connection c, int version) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + version);
        }
    }

    /** Gives the space the clips took back to the file system; the store works without it, so a failure is logged. */
    private static void compact(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM");
        } catch (SQLException e) {
            log.warn("could not compact messages.db after moving the clips out: {}", e.getMessage());
        }
        c.setAutoCommit(false);
    }
}
