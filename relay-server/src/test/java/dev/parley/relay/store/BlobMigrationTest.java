package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static dev.parley.relay.store.StoreFixture.all;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.clipFiles;
import static dev.parley.relay.store.StoreFixture.open;
import static dev.parley.relay.store.StoreFixture.queryLong;
import static dev.parley.relay.store.StoreFixture.roomId;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A data directory of a relay that kept clips as BLOBs (schema 0) is upgraded on first start, losing nothing. */
class BlobMigrationTest {
    @TempDir
    Path dir;

    private record Old(String room, long seq, String nick, String id, long ts, String text, byte[] clip) {
    }

    /** Within retention's default age, which the first append or close enforces. */
    private static final long TS = System.currentTimeMillis() - 3_600_000;

    private final List<Old> old = List.of(
            new Old("lobby", 3, "Alice", "v-3", TS, null, clip(3, 2_000)),
            new Old("lobby", 4, "bob", "c-4", TS + 1, "hello", null),
            new Old("lobby", 5, "bob", "v-5", TS + 2, null, clip(5, 3_001)),
            new Old("it's/../x", 1, "carol", "v-1", TS + 3, null, clip(7, 500)));

    /** {@code messages.db} exactly as the relay before clip files made it (its statements, copied), with {@link #old}. */
    private void makeOldDatabase() throws Exception {
        Files.createDirectories(dir);
        try (Connection c = StoreFixture.database(dir)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS rooms(room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS messages(room TEXT NOT NULL, seq INTEGER NOT NULL,"
                        + " nick_key TEXT NOT NULL, id TEXT NOT NULL, sender TEXT NOT NULL, ts INTEGER NOT NULL,"
                        + " kind INTEGER NOT NULL, text TEXT, duration_ms INTEGER, sample_rate INTEGER,"
                        + " channels INTEGER, bytes INTEGER NOT NULL, clip BLOB,"
                        + " PRIMARY KEY(room, seq), UNIQUE(room, nick_key, id))");
                // seq 1 and 2 of the lobby were dropped by retention; last_seq keeps counting
                s.execute("INSERT INTO rooms(room, last_seq) VALUES ('lobby', 5), ('it''s/../x', 1)");
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO messages(room, seq, nick_key, id, sender, ts,"
                    + " kind, text, duration_ms, sample_rate, channels, bytes, clip) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
                for (Old m : old) {
                    ins.setString(1, m.room());
                    ins.setLong(2, m.seq());
                    ins.setString(3, m.nick().toLowerCase(java.util.Locale.ROOT));
                    ins.setString(4, m.id());
                    ins.setString(5, m.nick());
                    ins.setLong(6, m.ts());
                    ins.setInt(7, m.clip() != null ? 1 : 0);
                    ins.setString(8, m.text());
                    ins.setObject(9, m.clip() != null ? (m.clip().length - 44) / 32L : null);
                    ins.setObject(10, m.clip() != null ? 16_000 : null);
                    ins.setObject(11, m.clip() != null ? 1 : null);
                    ins.setLong(12, m.clip() != null ? m.clip().length : m.text().length());
                    ins.setBytes(13, m.clip());
                    ins.executeUpdate();
                }
            }
        }
    }

    /** Every message of {@link #old} is served as it was stored, clips byte for byte. */
    private void assertEverythingKept(SqliteMessageStore store) {
        List<StoredMessage> got = new ArrayList<>(all(store, "lobby"));
        got.addAll(all(store, "it's/../x"));
        assertThat(got).hasSize(old.size());
        for (int i = 0; i < old.size(); i++) {
            Old want = old.get(i);
            StoredMessage m = got.get(i);
            assertThat(m.room()).isEqualTo(want.room());
            assertThat(m.message().seq()).isEqualTo(want.seq());
            assertThat(m.message().id()).isEqualTo(want.id());
            assertThat(m.message().from()).isEqualTo(want.nick());
            assertThat(m.message().ts()).isEqualTo(want.ts());
            assertThat(m.clip()).isEqualTo(want.clip());
            if (m.message() instanceof ServerMessage.Voice v) {
                assertThat(v.bytes()).isEqualTo(want.clip().length);
            } else {
                assertThat(((ServerMessage.Chat) m.message()).text()).isEqualTo(want.text());
            }
        }
    }

    @Test
    void theFirstStartMovesEveryClipIntoAFileAndKeepsEveryMessageSeqAndDedupe() throws Exception {
        makeOldDatabase();
        try (SqliteMessageStore store = open(dir)) {
            assertEverythingKept(store);
            assertThat(store.lastSeq("lobby")).isEqualTo(5);
            StoreFixture.Outcome again = append(store, voice("lobby", "alice", "v-3", clip(99, 100)));
            assertThat(again.duplicate()).as("dedupe spans the upgrade").isTrue();
            assertThat(again.message().clip()).isEqualTo(old.get(0).clip());
            assertThat(append(store, voice("lobby", "bob", "v-6", clip(6, 100))).message().message().seq()).isEqualTo(6);
        }
        long lobby = roomId(dir, "lobby");
        long other = roomId(dir, "it's/../x");
        assertThat(clipFiles(dir)).containsExactlyInAnyOrder(lobby + "/3.wav", lobby + "/5.wav", lobby + "/6.wav",
                other + "/1.wav");
        assertThat(queryLong(dir, "SELECT COUNT(*) FROM messages WHERE clip IS NOT NULL")).isZero();
        assertThat(queryLong(dir, "PRAGMA user_version")).isEqualTo(Schema.CURRENT);

        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(3L, 4L, 5L, 6L);
            assertThat(all(store, "it's/../x").get(0).clip()).isEqualTo(old.get(3).clip());
        }
    }

    @Test
    void anUpgradeThatFailsChangesNothingAndTheNextStartCompletesIt() throws Exception {
        makeOldDatabase();
        // a leftover of an earlier, interrupted upgrade: a half-written file where lobby's seq 3 goes
        Path leftover = dir.resolve("clips").resolve("1").resolve("3.wav");
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[10]);
        // the other room's folder cannot be made: the upgrade fails part way
        Files.writeString(dir.resolve("clips").resolve("2"), "in the way");

        assertThatThrownBy(() -> SqliteMessageStore.open(dir, StoreFixture.KEEP_ALL, java.time.Clock.systemUTC()))
                .isInstanceOf(IOException.class);
        assertThat(queryLong(dir, "PRAGMA user_version")).isZero();
        assertThat(queryLong(dir, "SELECT COUNT(*) FROM messages WHERE clip IS NOT NULL")).isEqualTo(3);

        Files.delete(dir.resolve("clips").resolve("2"));
        try (SqliteMessageStore store = open(dir)) {
            assertEverythingKept(store);
        }
        assertThat(Files.readAllBytes(leftover)).isEqualTo(old.get(0).clip());
    }
}
