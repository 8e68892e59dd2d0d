package dev.parley.relay.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay's layers: logic and storage know nothing of sockets; storage knows nothing of the logic. */
class LayersTest {
    private static final Path MAIN = Path.of("src/main/java/dev/parley/relay");

    private static List<String> importsOf(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> {
                        try {
                            return Files.readAllLines(f).stream().filter(l -> l.startsWith("import "))
                                    .map(l -> f.getFileName() + ": " + l);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
        }
    }

    @Test
    void relayLogicDoesNotTouchSockets() throws IOException {
        List<String> imports = importsOf("core");
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(l -> l.contains("org.java_websocket") || l.contains("java.net.")
                || l.contains("dev.parley.relay.net"));
    }

    @Test
    void storageKnowsNeitherSocketsNorRelayLogic() throws IOException {
        List<String> imports = importsOf("store");
        assertThat(imports).isNotEmpty();
        assertThat(imports).noneMatch(l -> l.contains("org.java_websocket") || l.contains("dev.parley.relay.core")
                || l.contains("dev.parley.relay.net"));
    }
}
