package dev.parley.client.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** View models and the network layer stay free of scene-graph code; the network layer free of JavaFX. */
class LayersTest {
    private static final Path MAIN = Path.of("src/main/java/dev/parley/client");

    private static List<Path> sources(String dir, String nameGlob) throws IOException {
        try (Stream<Path> s = Files.walk(MAIN.resolve(dir))) {
            return s.filter(p -> p.getFileName().toString().matches(nameGlob)).toList();
        }
    }

    @Test
    void viewModelsImportNoSceneGraph() throws IOException {
        List<Path> vms = sources(".", ".*(ViewModel|Model|Sender|Words)\\.java");
        assertThat(vms).hasSizeGreaterThanOrEqualTo(6);
        for (Path p : vms) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import javafx.scene").doesNotContain("import javafx.stage");
        }
    }

    @Test
    void networkLayerImportsNoJavaFx() throws IOException {
        for (Path p : sources("net", ".*\\.java")) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import javafx");
        }
    }

    @Test
    void discoveryImportsNoJavaFx() throws IOException {
        List<Path> discovery = sources("discovery", ".*\\.java");
        assertThat(discovery).isNotEmpty();
        for (Path p : discovery) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("import javafx");
        }
    }
}
