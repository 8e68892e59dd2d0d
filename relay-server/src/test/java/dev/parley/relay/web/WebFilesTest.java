package dev.parley.relay.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The web client's files as the relay finds them: inside a jar (the shaded relay, the app's runtime image, which has
 * no zip file system) and in a folder; only the client's own files under {@code web/}, never a hidden file, the
 * folder's notes or a file of a type the page does not use.
 */
class WebFilesTest {
    @TempDir
    Path dir;

    @Test
    void filesInsideAJarAreFoundWithoutAZipFileSystem() throws IOException {
        Path jar = dir.resolve("relay.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : Map.of(
                    "web/index.html", "<!doctype html><title>Parley</title>",
                    "web/js/app.js", "export const x = 1;\n".repeat(50),
                    "web/js/.draft.js", "hidden",
                    "web/README.md", "notes",
                    "web/tool.sh", "not a client file",
                    "dev/parley/Secret.class", "not the client's",
                    "simplelogger.properties", "not the client's").entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            WebFiles files = WebFiles.builtIn(loader);
            assertThat(paths(files)).containsExactly("/index.html", "/js/app.js");
            StaticFile app = files.find("/js/app.js").orElseThrow();
            assertThat(app.contentType()).isEqualTo("text/javascript; charset=utf-8");
            assertThat(new String(app.bytes(), StandardCharsets.UTF_8)).isEqualTo("export const x = 1;\n".repeat(50));
            assertThat(app.gzipped()).isNotNull();
            assertThat(files.find("/")).contains(files.find("/index.html").orElseThrow());
        }
        Files.delete(jar); // the relay holds no handle on its jar after reading it
    }

    @Test
    void aFolderIsReadAtEveryLookupSoAnEditShows() throws IOException {
        Files.writeString(dir.resolve("index.html"), "one");
        WebFiles files = WebFiles.fromFolder(dir);
        assertThat(new String(files.find("/").orElseThrow().bytes(), StandardCharsets.UTF_8)).isEqualTo("one");
        Files.writeString(dir.resolve("index.html"), "two");
        Files.writeString(dir.resolve("new.css"), "body{}");
        assertThat(new String(files.find("/index.html").orElseThrow().bytes(), StandardCharsets.UTF_8)).isEqualTo("two");
        assertThat(files.find("/new.css")).isPresent();
        assertThat(files.find("/../index.html")).isEmpty();
    }

    @Test
    void aFolderWithoutAPageIsRefusedAtOnce() {
        assertThatThrownBy(() -> WebFiles.fromFolder(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index.html");
    }

    @Test
    void aClassPathWithoutTheClientSaysSo() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> WebFiles.builtIn(empty)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("web client's files are missing");
        }
    }

    private static List<String> paths(WebFiles files) {
        List<String> paths = new ArrayList<>();
        files.paths().forEach(paths::add);
        return paths;
    }
}
