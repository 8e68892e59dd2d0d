package dev.parley.client.ui.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the "Save as .wav" dialog opens: the folder used last, else the person's Music, else Downloads, else home. */
final class SaveFolders {
    private SaveFolders() {
    }

    static Optional<Path> initial(String last, String home) {
        if (last != null && !last.isBlank() && Files.isDirectory(Path.of(last))) {
            return Optional.of(Path.of(last));
        }
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        for (String name : new String[] {"Music", "Downloads"}) {
            Path p = Path.of(home, name);
            if (Files.isDirectory(p)) {
                return Optional.of(p);
            }
        }
        Path h = Path.of(home);
        return Files.isDirectory(h) ? Optional.of(h) : Optional.empty();
    }
}
