package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** STYLE.md: shared-protocol imports neither {@code javafx} nor {@code org.java_websocket}. */
class LayeringTest {

    @Test
    void sharedProtocolDependsOnNoUiAndNoSocketLibrary() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).isDirectory();

        List<String> offending;
        try (Stream<Path> files = Files.walk(main)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(LayeringTest::forbiddenImports)
                    .collect(Collectors.toList());
        }

        assertThat(offending).isEmpty();
    }

    private static Stream<String> forbiddenImports(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> l.matches("import\\s+(static\\s+)?(javafx|org\\.java_websocket)\\..*"))
                    .map(l -> file.getFileName() + ": " + l);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
