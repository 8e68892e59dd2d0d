package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage.Played;
import dev.parley.relay.Retention;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.parley.relay.store.StoreFixture.all;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.open;
import static dev.parley.relay.store.StoreFixture.queryLong;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite's played receipts beyond the contract every store keeps ({@link MessageStoreContract}): ids numbered across
 * rooms and never reused, gone with a message the start-up check removes, and a data directory of schema 1 upgraded
 * to hold them.
 */
class ReceiptStoreTest {
    @TempDir
    Path dir;

    /** What a {@link ReceiptListener} was told: a receipt (and whether a duplicate), or a refusal. */
    private record Told(Played receipt, boolean duplicate, ReceiptListener.Refusal refusal) {
    }

    private static CompletableFuture<Told> submit(MessageStore store, String room, long seq, String nick) {
        CompletableFuture<Told> f = new CompletableFuture<>();
        store.appendReceipt(new NewReceipt(room, seq, nick), new ReceiptListener() {
            @Override
            public void stored(Played receipt, boolean duplicate) {
                f.complete(new Told(receipt, duplicate, null));
            }

            @Override
            public void refused(Refusal why) {
                f.complete(new Told(null, false, why));
            }

            @Override
            public void failed(Exception cause) {
                f.completeExceptionally(cause);
            }
        });
        return f;
    }

    private static Told receipt(MessageStore store, String room, long seq, String nick) {
        try {
            return submit(store, room, seq, nick).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("receipt not answered", e);
        }
    }

    private static List<Played> receiptsOf(MessageStore store, String room) {
        return store.receipts(room, 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 1000);
    }

    @Test
    void aReceiptRightBehindItsMessageSeesItAndIdsFollowStorageOrderAcrossRooms() throws Exception {
        try (SqliteMessageStore store = open(dir)) {
            // queued together: very likely one batch, and in any case in this order
            var first = StoreFixture.submit(store, voice("a", "alice", "v-1", clip(1, 800)));
            var r1 = submit(store, "a", 1, "bob");
            var second = StoreFixture.submit(store, voice("b", "alice", "v-1", clip(2, 800)));
            var r2 = submit(store, "b", 1, "bob");
            var r3 = submit(store, "a", 1, "carol");
            StoreFixture.await(first);
            StoreFixture.await(second);
            assertThat(List.of(r1.get(10, TimeUnit.SECONDS), r2.get(10, TimeUnit.SECONDS), r3.get(10, TimeUnit.SECONDS)))
                    .extracting(t -> t.receipt().id()).containsExactly(1L, 2L, 3L);
            assertThat(store.receipts("a", 1, 3, 1, 1, 10)).extracting(Played::nick).containsExactly("carol");
            assertThat(store.receipts("a", 0, 2, 1, 1, 10)).extracting(Played::nick).containsExactly("bob");
            assertThat(store.receipts("a", 0, 10, 2, 5, 10)).as("of other seqs").isEmpty();
            assertThat(store.receipts("a", 0, 10, 0, 5, 1)).as("at most maxCount").hasSize(1);
        }
        try (SqliteMessageStore store = open(dir)) {
            assertThat(store.lastReceiptId("a")).as("after a restart").isEqualTo(3);
            assertThat(store.lastReceiptId("b")).isEqualTo(2);
        }
    }

    @Test
    void retentionByCountAndByAgeDeletesAMessagesReceiptsAndIdsAreNeverReused() {
        MutableClock clock = MutableClock.stopped();
        try (SqliteMessageStore store = open(dir, new Retention(Duration.ofHours(1), 2, 1L << 30), clock)) {
            append(store, voice("lobby", "alice", "v-1", clip(1, 800)));
            append(store, voice("lobby", "alice", "v-2", clip(2, 800)));
            receipt(store, "lobby", 1, "bob");
            Played kept = receipt(store, "lobby", 2, "bob").receipt();
            append(store, NewMessage.chat("lobby", "alice", "c-3", "seq 1 goes"));
            assertThat(receiptsOf(store, "lobby")).as("by count").containsExactly(kept);
            assertThat(receipt(store, "lobby", 1, "carol").refusal()).isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);

            clock.advance(Duration.ofHours(2));
            append(store, voice("elsewhere", "alice", "v-1", clip(3, 800))); // wakes the writer, which sweeps by age
            assertThat(receiptsOf(store, "lobby")).as("by age").isEmpty();
            assertThat(all(store, "lobby")).isEmpty();
            assertThat(receipt(store, "elsewhere", 1, "bob").receipt().id()).as("never reused").isEqualTo(3);
        }
    }

    @Test
    void theStartUpCheckThatRemovesAMessageWithoutItsClipRemovesItsReceiptsToo() throws Exception {
        try (SqliteMessageStore store = open(dir)) {
            append(store, voice("lobby", "alice", "v-1", clip(1, 800)));
            append(store, voice("lobby", "alice", "v-2", clip(2, 800)));
            receipt(store, "lobby", 1, "bob");
            receipt(store, "lobby", 2, "bob");
        }
        long room = StoreFixture.roomId(dir, "lobby");
        Files.delete(dir.resolve("clips").resolve(Long.toString(room)).resolve("1.wav"));
        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(2L);
            assertThat(receiptsOf(store, "lobby")).extracting(Played::seq).containsExactly(2L);
        }
        assertThat(queryLong(dir, "SELECT COUNT(*) FROM receipts")).isEqualTo(1);
    }

    @Test
    void aSchemaOneDataDirectoryGainsReceiptsAndKeepsItsMessages() throws Exception {
        byte[] wav = clip(5, 1_000);
        try (Connection c = StoreFixture.database(dir); Statement s = c.createStatement()) {
            // the tables exactly as a relay of schema 1 left them (schema 0's statements, then step 0 -> 1)
            s.execute("CREATE TABLE rooms(room TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
            s.execute("CREATE TABLE messages(room TEXT NOT NULL, seq INTEGER NOT NULL,"
                    + " nick_key TEXT NOT NULL, id TEXT NOT NULL, sender TEXT NOT NULL, ts INTEGER NOT NULL,"
                    + " kind INTEGER NOT NULL, text TEXT, duration_ms INTEGER, sample_rate INTEGER,"
                    + " channels INTEGER, bytes INTEGER NOT NULL, clip BLOB,"
                    + " PRIMARY KEY(room, seq), UNIQUE(room, nick_key, id))");
            s.execute("ALTER TABLE rooms ADD COLUMN id INTEGER");
            s.execute("CREATE UNIQUE INDEX rooms_by_id ON rooms(id)");
            s.execute("INSERT INTO rooms(room, last_seq, id) VALUES ('lobby', 7, 1)");
            long ts = System.currentTimeMillis();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO messages(room, seq, nick_key, id, sender, ts,"
                    + " kind, text, duration_ms, sample_rate, channels, bytes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
                Object[][] rows = {
                        {"lobby", 6, "alice", "c-6", "Alice", ts, 0, "hi", null, null, null, 2},
                        {"lobby", 7, "alice", "v-7", "Alice", ts + 1, 1, null, 63, 16_000, 1, wav.length}};
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        ins.setObject(i + 1, row[i]);
                    }
                    ins.executeUpdate();
                }
            }
            s.execute("PRAGMA user_version = 1");
        }
        Files.createDirectories(dir.resolve("clips/1"));
        Files.write(dir.resolve("clips/1/7.wav"), wav);

        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(6L, 7L);
            assertThat(all(store, "lobby").get(1).clip()).isEqualTo(wav);
            assertThat(store.lastReceiptId("lobby")).isZero();
            assertThat(receipt(store, "lobby", 7, "bob").receipt().id()).isEqualTo(1);
            assertThat(append(store, NewMessage.chat("lobby", "bob", "c-8", "seq goes on")).message().message().seq())
                    .isEqualTo(8);
        }
        assertThat(queryLong(dir, "PRAGMA user_version")).isEqualTo(Schema.CURRENT).isEqualTo(2);
        try (SqliteMessageStore store = open(dir)) {
            assertThat(receiptsOf(store, "lobby")).extracting(Played::nick).containsExactly("bob");
            assertThat(receipt(store, "lobby", 7, "BOB").duplicate()).isTrue();
        }
    }
}
