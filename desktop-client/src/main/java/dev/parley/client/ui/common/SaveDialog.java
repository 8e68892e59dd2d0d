package dev.parley.client.ui.common;

import javafx.beans.property.StringProperty;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The "Save as" dialog: opens in the folder used last, else the person's Music, Downloads or home folder
 * ({@link SaveFolders}), and remembers the folder of the file chosen. FX thread only.
 */
public final class SaveDialog {
    private final StringProperty lastFolder;
    private final Runnable remembered;

    /**
     * @param lastFolder the folder used last (empty: none), set to the folder of every file chosen
     * @param remembered runs after {@code lastFolder} changed (to save it)
     */
    public SaveDialog(StringProperty lastFolder, Runnable remembered) {
        this.lastFolder = lastFolder;
        this.remembered = remembered;
    }

    /**
     * Asks where to save a file.
     *
     * @param fileName the name proposed
     * @param kind     the name of the file type ("WAV")
     * @param pattern  its file name pattern ({@code *.wav})
     * @return the file chosen, or empty when the person cancelled
     */
    public Optional<Path> ask(Window owner, String title, String fileName, String kind, String pattern) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(fileName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        SaveFolders.initial(lastFolder.get(), System.getProperty("user.home"))
                .ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
        File file = chooser.showSaveDialog(owner);
        if (file == null) {
            return Optional.empty();
        }
        if (file.getParentFile() != null) {
            lastFolder.set(file.getParentFile().getAbsolutePath());
            remembered.run();
        }
        return Optional.of(file.toPath());
    }
}
