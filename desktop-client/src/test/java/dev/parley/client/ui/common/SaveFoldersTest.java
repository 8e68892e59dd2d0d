package dev.parley.client.ui.common;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SaveFoldersTest {
    @TempDir
    Path home;

    @Test
    void lastFolderThenMusicThenDownloadsThenHome() throws Exception {
        assertThat(SaveFolders.initial("", home.toString())).contains(home);
        Files.createDirectories(home.resolve("Downloads"));
        assertThat(SaveFolders.initial("", home.toString())).contains(home.resolve("Downloads"));
        Files.createDirectories(home.resolve("Music"));
        assertThat(SaveFolders.initial(null, home.toString())).contains(home.resolve("Music"));
        Path last = Files.createDirectories(home.resolve("clips"));
        assertThat(SaveFolders.initial(last.toString(), home.toString())).contains(last);
        assertThat(SaveFolders.initial(home.resolve("gone").toString(), home.toString()))
                .as("a folder since deleted is skipped").contains(home.resolve("Music"));
    }
}
