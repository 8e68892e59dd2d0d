package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.server.Warmup;
import dev.parley.relay.testing.RelayProcess;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The warm-up at start: real traffic through a private relay that shares nothing with the real one but its code. */
class WarmupIntegrationTest {

    @Test
    void warmsUpThroughAPrivateRelayAndLeavesNothingBehind(@TempDir Path dir) throws Exception {
        try (TestRelay relay = TestRelay.start(dir)) {
            TestClient alice = relay.join("alice", "lobby");
            Warmup warmup = relay.relay().warmUp();
            assertThat(relay.relay().warmUp()).as("one warm-up per relay").isSameAs(warmup);
            // someone on the real relay meanwhile: served, and sees nothing of the warm-up's rooms or traffic
            alice.chat("c1", "hello");
            assertThat(alice.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(1);

            Set<String> ioPools = new HashSet<>();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                        .filter(n -> n.startsWith("parley-io-")).map(n -> n.substring(0, n.lastIndexOf('-')))
                        .forEach(ioPools::add);
                return warmup.done().isDone();
            });
            Warmup.Result result = warmup.done().get();

            assertThat(ioPools).as("the private relay runs on the real relay's event loops, not on threads of its own")
                    .hasSize(1);

            assertThat(result.chunks()).isGreaterThanOrEqualTo(12_000);
            assertThat(result.chats()).isPositive();
            assertThat(result.clips()).isPositive();
            assertThat(result.visitors()).as("members that joined, pinged and left with a closing handshake")
                    .isPositive();
            assertThat(dir.resolve("warmup")).doesNotExist();
            alice.history(1_000_000, 50);
            assertThat(alice.awaitNext(ServerMessage.Chat.class).id()).as("the real room's history").isEqualTo("c1");
            assertThat(alice.awaitNext(ServerMessage.HistoryEnd.class).count()).isEqualTo(1);
            assertThat(alice.pending()).as("frames beyond the history answer").isZero();
            TestClient bob = relay.join("bob", "warm-up");
            assertThat(bob.welcome().lastSeq()).as("the warm-up room is not the real relay's").isZero();
        }
    }

    @Test
    void theCommandLineWarmsUpWithOneLogLineAndNothingOfThePrivateRelaysSessions(@TempDir Path dir) throws Exception {
        Process relay = new ProcessBuilder(RelayProcess.javaCommand(
                List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"), // as the relay's own jar logs, not the tests' warn
                List.of("--port", "0", "--bind", "127.0.0.1", "--data", dir.toString(), "--no-discovery", "--no-qr")))
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> Files.readString(dir.resolve("err.txt")).contains("warm-up:"));
            relay.destroy(); // SIGTERM: the relay stops cleanly and says so, once
            assertThat(relay.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("err.txt"));
            assertThat(log).containsOnlyOnce("warm-up: ").containsOnlyOnce("stopped (close code 1001")
                    .doesNotContain("joined room", "left room", "refused");
            assertThat(dir.resolve("warmup")).doesNotExist();
            assertThat(Files.readString(dir.resolve("out.txt"))).doesNotContain("warm");
        } finally {
            relay.destroyForcibly();
        }
    }

    @Test
    void closingTheRelayStopsTheWarmUpAndDeletesItsFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("warmup").resolve("left-by-a-kill"));
        Warmup warmup;
        try (TestRelay relay = TestRelay.start(dir)) {
            warmup = relay.relay().warmUp();
        }
        assertThat(warmup.done()).isDone();
        assertThat(dir.resolve("warmup")).doesNotExist();
        if (warmup.done().isCompletedExceptionally()) {
            assertThatThrownBy(() -> warmup.done().join()).isInstanceOf(CompletionException.class);
        } else {
            assertThat(warmup.done().get().chunks()).isPositive();
        }
    }

    @Test
    void aClosedRelayDoesNotWarmUp(@TempDir Path dir) {
        TestRelay relay = TestRelay.start(dir);
        relay.close();
        assertThat(relay.relay().warmUp()).isNull();
    }
}
