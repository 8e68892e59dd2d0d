package dev.parley.bench.socketio;

import dev.parley.bench.ReferenceUnavailable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where node or the socket.io server's files are missing, the reference is skipped with a line saying what to install. */
class NodeServerTest {
    @Test
    void missingServerFilesNodeModulesOrNodeSayWhatToInstall(@TempDir Path dir) throws IOException {
        var none = assertThrows(ReferenceUnavailable.class, () -> NodeServer.locate(dir));
        assertTrue(none.getMessage().contains(NodeServer.INSTALL), none.getMessage());
        Files.writeString(dir.resolve("server.js"), "");
        var noModules = assertThrows(ReferenceUnavailable.class, () -> NodeServer.locate(dir));
        assertTrue(noModules.getMessage().contains("npm ci --prefix benchmarks/socketio"), noModules.getMessage());
        var noNode = assertThrows(ReferenceUnavailable.class,
                () -> NodeServer.findNode(dir.resolve("node").toString()));
        assertTrue(noNode.getMessage().startsWith("socket.io reference skipped: "), noNode.getMessage());
        assertTrue(noNode.getMessage().contains(NodeServer.INSTALL), noNode.getMessage());
    }
}
