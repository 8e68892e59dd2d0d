package dev.parley.relay.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.parley.relay.store.StoreFixture.all;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.clipFiles;
import static dev.parley.relay.store.StoreFixture.open;
import static dev.parley.relay.store.StoreFixture.roomId;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check at start, on each state a kill or a damaged disk can leave: every clip file has its row and every
 * voice row its whole clip file afterwards, and nothing acknowledged and intact is lost.
 */
class ClipRepairTest {
    @TempDir
    Path dir;
    private long room;

    /** Three clips stored in {@code lobby}, seq 1..3, the store closed. */
    private void storeThree() throws Exception {
        try (SqliteMessageStore store = open(dir)) {
            for (int i = 1; i <= 3; i++) {
                append(store, voice("lobby", "alice", "v-" + i, clip(i, 1_000)));
            }
        }
        room = roomId(dir, "lobby");
    }

    private Path file(long roomId, long seq) {
        return dir.resolve("clips").resolve(roomId + "/" + seq + ".wav");
    }

    @Test
    void filesWithoutARowAreDeleted() throws Exception {
        storeThree();
        // killed after writing the next batch's files but before its commit: a whole file and a half-written one
        Files.write(file(room, 4), clip(4, 1_000));
        Files.write(file(room, 5), Arrays.copyOf(clip(5, 1_000), 100));
        // and a room whose first message never committed
        Files.createDirectories(file(room + 1, 1).getParent());
        Files.write(file(room + 1, 1), clip(6, 1_000));
        // killed after retention's commit, before its file deletions
        try (var c = StoreFixture.database(dir); var s = c.createStatement()) {
            s.execute("DELETE FROM messages WHERE seq = 1");
        }

        try (SqliteMessageStore store = open(dir)) {
            assertThat(clipFiles(dir)).containsExactly(room + "/2.wav", room + "/3.wav");
            assertThat(all(store, "lobby")).extracting(m -> m.clip()).containsExactly(clip(2, 1_000), clip(3, 1_000));
            assertThat(append(store, voice("lobby", "alice", "v-4", clip(44, 500))).message().message().seq())
                    .as("the uncommitted seq is given out again, its leftover file replaced").isEqualTo(4);
            assertThat(append(store, voice("next", "bob", "v-1", clip(45, 500))).message().clip()).isEqualTo(clip(45, 500));
        }
        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby").get(2).clip()).isEqualTo(clip(44, 500));
            assertThat(all(store, "next").get(0).clip()).isEqualTo(clip(45, 500));
        }
    }

    @Test
    void aRowWhoseFileIsMissingIsRemovedAndItsSeqNotGivenAgain() throws Exception {
        storeThree();
        Files.delete(file(room, 3));

        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(1L, 2L);
            assertThat(store.lastSeq("lobby")).isEqualTo(3);
            assertThat(append(store, voice("lobby", "alice", "v-4", clip(4, 1_000))).message().message().seq()).isEqualTo(4);
            assertThat(append(store, voice("lobby", "alice", "v-3", clip(3, 1_000))).duplicate())
                    .as("the removed message can be sent again").isFalse();
        }
        assertThat(clipFiles(dir)).containsExactly(room + "/1.wav", room + "/2.wav", room + "/4.wav", room + "/5.wav");
    }

    @Test
    void aTruncatedFileRemovesItsRowAndIsKeptAside() throws Exception {
        storeThree();
        byte[] cut = Arrays.copyOf(clip(2, 1_000), 1_000);
        Files.write(file(room, 2), cut);

        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).extracting(m -> m.message().seq()).containsExactly(1L, 3L);
        }
        assertThat(clipFiles(dir)).containsExactly(room + "/1.wav", room + "/3.wav");
        assertThat(Files.readAllBytes(dir.resolve("clips-damaged").resolve(room + "-2.wav"))).isEqualTo(cut);
    }

    @Test
    void aHealthyDirectoryIsLeftAsItIsAndStrangersAreNotTouched() throws Exception {
        storeThree();
        Path stranger = dir.resolve("clips").resolve("README.txt");
        Files.writeString(stranger, "not ours");

        try (SqliteMessageStore store = open(dir)) {
            assertThat(all(store, "lobby")).hasSize(3);
        }
        assertThat(clipFiles(dir)).containsExactlyInAnyOrder("README.txt", room + "/1.wav", room + "/2.wav", room + "/3.wav");
        assertThat(dir.resolve("clips-damaged")).doesNotExist();
    }
}
