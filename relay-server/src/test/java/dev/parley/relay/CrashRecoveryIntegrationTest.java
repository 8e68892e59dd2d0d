package dev.parley.relay;

import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.Wav;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.RelayProcess;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.TrustedTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Durable before acknowledged": a relay run as a child process ({@code RelayMain}) and killed with SIGKILL right
 * after echoing messages still has every echoed message, with the same seq and ts (and a clip's exact bytes), when
 * it starts again, and no clip file without its message.
 */
class CrashRecoveryIntegrationTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path logDir;
    private final List<RelayProcess> relays = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();
    private final List<TestClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (TestClient c : clients) {
            c.dispose();
        }
        relays.forEach(RelayProcess::close);
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The relay on {@link #dataDir} in a child process, once it has printed its start line on 127.0.0.1. */
    private RelayProcess startChild() throws IOException, InterruptedException {
        RelayProcess relay = RelayProcess.start("relay-" + relays.size(),
                RelayProcess.javaCommand(List.of(), List.of("--port", "0", "--bind", "127.0.0.1",
                        "--data", dataDir.toString(), "--no-rate-limits")),
                logDir.resolve("relay-" + relays.size() + ".log"), Duration.ofSeconds(30));
        relays.add(relay);
        assertThat(relay.host()).as("the address it was bound to").isEqualTo("127.0.0.1");
        return relay;
    }

    /** The certificate the child will use: generated in-process into the same data directory first. */
    private X509Certificate certificateOfDataDir() {
        try (TestRelay once = TestRelay.start(dataDir)) {
            return once.certificate();
        }
    }

    private TestClient connect(int port, SSLContext tls, String label) {
        TestClient c = TestClient.connect(URI.create("wss://127.0.0.1:" + port + "/"), tls, label);
        clients.add(c);
        return c;
    }

    @Test
    void everyEchoedMessageSurvivesSigkillRightAfterTheEcho() throws Exception {
        X509Certificate cert = certificateOfDataDir();
        SSLContext tls = TrustedTls.trusting(cert);
        RelayProcess child = startChild();
        assertThat(child.fingerprint()).as("the first line names the certificate's fingerprint")
                .isEqualTo(dev.parley.protocol.CertificateFingerprint.sha256(cert));
        int n = 50;
        TestClient alice = connect(child.port(), tls, "alice");
        alice.join("alice", "lobby");
        for (int i = 1; i <= n; i++) {
            alice.chat("c-" + i, "message " + i);
        }
        List<Chat> echoes = alice.awaitNext(n, Chat.class);
        assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (TestRelay again = TestRelay.start(dataDir)) {
            TestClient bob = again.connect("bob");
            assertThat(bob.join("bob", "lobby", 0L).lastSeq()).isEqualTo(n);
            List<Chat> replay = bob.awaitNext(n, Chat.class);
            for (int i = 0; i < n; i++) {
                assertThat(replay.get(i)).isEqualTo(echoes.get(i).asReplay());
            }
            TestClient back = again.connect("alice-back");
            back.join("alice", "lobby", (long) n);
            back.chat("c-" + n, "message " + n);
            assertThat(back.awaitNext(Chat.class)).as("still deduplicated").isEqualTo(echoes.get(n - 1));
            back.chat("c-new", "after the crash");
            assertThat(back.awaitNext(Chat.class).seq()).isEqualTo(n + 1);
        }
    }

    @Test
    void aKillDuringTrafficLosesNothingAcknowledgedAndLeavesNoGap() throws Exception {
        SSLContext tls = TrustedTls.trusting(certificateOfDataDir());
        RelayProcess child = startChild();
        TestClient alice = connect(child.port(), tls, "alice");
        alice.join("alice", "lobby");
        int sent = 400;
        for (int i = 1; i <= sent; i++) {
            alice.chat("c-" + i, "message " + i);
        }
        List<Chat> acknowledged = new ArrayList<>(alice.awaitNext(40, Chat.class));
        child.kill();
        while (alice.pending() > 0) {
            Object o = alice.awaitItems(1, Duration.ofSeconds(1)).get(0);
            if (o instanceof Chat c) {
                acknowledged.add(c);
            }
        }

        RelayProcess second = startChild();
        TestClient bob = connect(second.port(), tls, "bob");
        long lastSeq = bob.join("bob", "lobby", 0L).lastSeq();
        assertThat(lastSeq).isGreaterThanOrEqualTo(acknowledged.size()).isLessThanOrEqualTo(sent);
        List<Chat> stored = bob.awaitNext((int) lastSeq, Chat.class);
        assertThat(stored).extracting(Chat::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
        for (Chat ack : acknowledged) {
            assertThat(stored.get((int) ack.seq() - 1)).isEqualTo(ack.asReplay());
        }
        assertThat(stored).extracting(Chat::id).as("stored in the order sent")
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).mapToObj(i -> "c-" + i).toList());
    }

    @Test
    void aKillWhileClipsArriveKeepsEveryAcknowledgedClipWholeAndLeavesNoClipFileWithoutItsMessage() throws Exception {
        SSLContext tls = TrustedTls.trusting(certificateOfDataDir());
        RelayProcess child = startChild();
        TestClient alice = connect(child.port(), tls, "alice");
        alice.join("alice", "lobby");
        int sent = 120;
        Map<String, byte[]> clips = new HashMap<>();
        for (int i = 1; i <= sent; i++) {
            byte[] clip = Clips.pcm(16_000, 16_000, 1);
            ByteBuffer.wrap(clip, Wav.HEADER_BYTES, 4).putInt(i);
            clips.put("v-" + i, clip);
            alice.voice("v-" + i, clip);
        }
        List<ReceivedVoice> acknowledged = new ArrayList<>(alice.awaitNext(10, ReceivedVoice.class));
        child.kill();
        while (alice.pending() > 0) {
            Object o = alice.awaitItems(1, Duration.ofSeconds(1)).get(0);
            if (o instanceof ReceivedVoice v) {
                acknowledged.add(v);
            }
        }

        try (TestRelay again = TestRelay.start(dataDir)) {
            TestClient bob = again.connect("bob");
            long lastSeq = bob.join("bob", "lobby", 0L).lastSeq();
            assertThat(lastSeq).isGreaterThanOrEqualTo(acknowledged.size()).isLessThanOrEqualTo(sent);
            List<ReceivedVoice> stored = bob.awaitNext((int) lastSeq, ReceivedVoice.class);
            assertThat(stored).extracting(ReceivedVoice::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
            for (ReceivedVoice v : stored) {
                assertThat(v.clip()).as("clip of %s", v.header().id()).isEqualTo(clips.get(v.header().id()));
            }
            for (ReceivedVoice ack : acknowledged) {
                ReceivedVoice kept = stored.get((int) ack.seq() - 1);
                assertThat(kept.header()).isEqualTo(ack.header().asReplay());
                assertThat(kept.clip()).isEqualTo(ack.clip());
            }
            try (Stream<Path> files = Files.walk(dataDir.resolve("clips"))) {
                assertThat(files.filter(Files::isRegularFile).count()).as("one clip file per stored message")
                        .isEqualTo(lastSeq);
            }
        }
    }

    @Test
    void theRealMainPrintsHelpAndRefusesBadFlagsWithExitCodes() throws Exception {
        Process help = new ProcessBuilder(RelayProcess.javaCommand(List.of(), List.of("--help")))
                .redirectErrorStream(true).start();
        children.add(help);
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(helpText).contains("--port", "--data");

        Process bad = new ProcessBuilder(RelayProcess.javaCommand(List.of(),
                List.of("--port", "nope", "--data", dataDir.toString()))).start();
        children.add(bad);
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(err.strip()).isNotEmpty().doesNotContain("\n").doesNotContain("Exception");
    }
}
