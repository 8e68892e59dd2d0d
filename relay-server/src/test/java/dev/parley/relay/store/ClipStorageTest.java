package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.Retention;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.parley.relay.store.StoreFixture.all;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.await;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.clipFiles;
import static dev.parley.relay.store.StoreFixture.open;
import static dev.parley.relay.store.StoreFixture.queryLong;
import static dev.parley.relay.store.StoreFixture.roomId;
import static dev.parley.relay.store.StoreFixture.submit;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Voice clips kept as files beside {@code messages.db}: written once, served byte for byte, deduplicated, dropped by retention. */
class ClipStorageTest {
    @TempDir
    Path dir;

    @Test
    void aStoredClipComesBackByteIdenticalAfterARestartFromAFileNotTheDatabase() throws Exception {
        byte[] a = clip(1, 8_000);
        byte[] b = clip(2, 12_345);
        try (SqliteMessageStore store = open(dir)) {
            append(store, voice("lobby", "alice", "v-1", a));
            append(store, NewMessage.chat("lobby", "bob", "c-1", "between"));
            append(store, voice("lobby", "Alice", "v-2", b));
        }
        try (SqliteMessageStore store = open(dir)) {
            List<StoredMessage> got = all(store, "lobby");
            assertThat(got).extracting(m -> m.message().seq()).containsExactly(1L, 2L, 3L);
            assertThat(got.get(0).clip()).isEqualTo(a);
            assertThat(got.get(1).clip()).isNull();
            assertThat(got.get(2).clip()).isEqualTo(b);
            assertThat(((ServerMessage.Voice) got.get(2).message()).bytes()).isEqualTo(b.length);
            assertThat(store.newestBefore("lobby", 4, 1).get(0).clip()).isEqualTo(b);
        }
        long room = roomId(dir, "lobby");
        assertThat(clipFiles(dir)).containsExactly(room + "/1.wav", room + "/3.wav");
        assertThat(Files.readAllBytes(dir.resolve("clips").resolve(room + "/3.wav"))).isEqualTo(b);
        assertThat(queryLong(dir, "SELECT COUNT(*) FROM messages WHERE clip IS NOT NULL")).as("no audio in the database").isZero();
        assertThat(queryLong(dir, "PRAGMA user_version")).isEqualTo(Schema.CURRENT);
    }

    @Test
    void roomsWithAnyNameGetNumberedFolders() throws Exception {
        try (SqliteMessageStore store = open(dir)) {
            append(store, voice("../../etc", "alice", "v-1", clip(1, 800)));
            append(store, voice("lobby", "alice", "v-1", clip(2, 800)));
        }
        assertThat(clipFiles(dir)).containsExactly(roomId(dir, "../../etc") + "/1.wav", roomId(dir, "lobby") + "/1.wav")
                .allMatch(name -> name.matches("\\d+/\\d+\\.wav"));
    }

    @Test
    void aDuplicateWritesNoSecondFileAndIsAnsweredWithTheStoredClip() throws Exception {
        byte[] first = clip(1, 4_000);
        byte[] resent = clip(9, 4_000);
        try (SqliteMessageStore store = open(dir)) {
            StoreFixture.Outcome original = append(store, voice("lobby", "alice", "v-1", first));
            StoreFixture.Outcome again = append(store, voice("lobby", "ALICE", "v-1", resent));
            assertThat(again.duplicate()).isTrue();
            assertThat(again.message().message()).isEqualTo(original.message().message());
            assertThat(again.message().clip()).as("the stored copy's clip").isEqualTo(first);

            // queued back to back, most likely in one group commit: the second finds the first before its file exists
            CompletableFuture<StoreFixture.Outcome> x = submit(store, voice("lobby", "bob", "v-2", clip(2, 4_000)));
            CompletableFuture<StoreFixture.Outcome> y = submit(store, voice("lobby", "bob", "v-2", clip(3, 4_000)));
            assertThat(await(x).duplicate()).isFalse();
            assertThat(await(y).duplicate()).isTrue();
            assertThat(await(y).message().clip()).isEqualTo(clip(2, 4_000));
            assertThat(store.lastSeq("lobby")).isEqualTo(2);
        }
        long room = roomId(dir, "lobby");
        assertThat(clipFiles(dir)).containsExactly(room + "/1.wav", room + "/2.wav");
    }

    @Test
    void retentionByCountAndBytesDeletesTheDroppedClipsFiles() throws Exception {
        byte[] c = clip(1, 1_000);
        try (SqliteMessageStore store = open(dir, new Retention(Duration.ofDays(30), 3, 1L << 30), MutableClock.stopped())) {
            for (int i = 1; i <= 5; i++) {
                append(store, voice("lobby", "alice", "v-" + i, c));
            }
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(3L, 4L, 5L);
        }
        long room = roomId(dir, "lobby");
        assertThat(clipFiles(dir)).containsExactly(room + "/3.wav", room + "/4.wav", room + "/5.wav");

        Path other = dir.resolve("bytes");
        try (SqliteMessageStore store = open(other, new Retention(Duration.ofDays(30), 1000, 2L * c.length + 10),
                MutableClock.stopped())) {
            for (int i = 1; i <= 4; i++) {
                append(store, voice("lobby", "alice", "v-" + i, c));
            }
            append(store, NewMessage.chat("lobby", "alice", "c-1", "0123456789"));
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(3L, 4L, 5L);
        }
        assertThat(clipFiles(other)).containsExactly(room + "/3.wav", room + "/4.wav");
    }

    @Test
    void retentionByAgeDeletesTheDroppedClipsFiles() throws Exception {
        MutableClock clock = MutableClock.stopped();
        try (SqliteMessageStore store = open(dir, new Retention(Duration.ofDays(1), 1000, 1L << 30), clock)) {
            append(store, voice("lobby", "alice", "v-1", clip(1, 1_000)));
            append(store, voice("old", "alice", "v-1", clip(2, 1_000)));
            clock.advance(Duration.ofHours(23));
            append(store, voice("lobby", "alice", "v-2", clip(3, 1_000)));
            clock.advance(Duration.ofHours(2));
            append(store, NewMessage.chat("lobby", "alice", "c-1", "wakes the sweep"));
            assertThat(all(store, "lobby")).extracting(m -> m.message().id()).containsExactly("v-2", "c-1");
            assertThat(all(store, "old")).isEmpty();
        }
        assertThat(clipFiles(dir)).containsExactly(roomId(dir, "lobby") + "/2.wav");
    }

    @Test
    void aReadSkipsAClipWhoseFileRetentionDeletedAfterItsRowWasRead() throws Exception {
        try (SqliteMessageStore store = open(dir)) {
            for (int i = 1; i <= 4; i++) {
                append(store, voice("lobby", "alice", "v-" + i, clip(i, 800)));
            }
            long room = roomId(dir, "lobby");
            // the window between reading the rows and reading the files, held open: the files go, the rows stay
            Files.delete(dir.resolve("clips").resolve(room + "/2.wav"));
            Files.delete(dir.resolve("clips").resolve(room + "/3.wav"));

            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(1L, 4L);
            assertThat(store.newestBefore("lobby", 5, 3)).extracting(m -> m.message().seq()).containsExactly(4L);
            assertThat(store.range("lobby", 1, 10, 1, Long.MAX_VALUE)).as("a page of only missing clips reads on")
                    .extracting(m -> m.message().seq()).containsExactly(4L);
            assertThat(store.range("lobby", 1, 3, 2, Long.MAX_VALUE)).isEmpty();
        }
    }

    @Test
    void aClipThatCannotBeWrittenFailsItsWholeBatchAndStoresNothing() throws Exception {
        Files.createDirectories(dir.resolve("clips"));
        Files.writeString(dir.resolve("clips").resolve("1"), "where lobby's folder would go");
        try (SqliteMessageStore store = open(dir)) {
            CompletableFuture<StoreFixture.Outcome> v = submit(store, voice("lobby", "alice", "v-1", clip(1, 800)));
            assertThatThrownBy(() -> v.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            assertThat(store.lastSeq("lobby")).isZero();
            assertThat(all(store, "lobby")).isEmpty();

            Files.delete(dir.resolve("clips").resolve("1"));
            assertThat(append(store, voice("lobby", "alice", "v-1", clip(1, 800))).message().message().seq()).isEqualTo(1);
        }
        assertThat(clipFiles(dir)).containsExactly("1/1.wav");
    }
}
