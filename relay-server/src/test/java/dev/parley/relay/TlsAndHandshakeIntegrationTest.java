package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.Threads;
import dev.parley.relay.testing.TrustedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Transport: TLS 1.2 and 1.3 with the relay's own certificate (SANs, fingerprint), and connections that never finish
 * their handshakes are closed after {@code handshakeTimeout} without the relay spinning the CPU (Java-WebSocket #896).
 */
class TlsAndHandshakeIntegrationTest {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1500);

    @TempDir
    Path dataDir;

    @Test
    void theFingerprintIsTheSha256OfTheCertificateAndItNamesLocalhostAndLoopback() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            X509Certificate cert = relay.certificate();
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha);
            assertThat(relay.relay().fingerprint()).isEqualTo(expected).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
            Set<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1)))
                    .collect(Collectors.toSet());
            assertThat(names).contains("localhost", "127.0.0.1");
            assertThat(names.stream().anyMatch(n -> n.equals("::1") || n.equals("0:0:0:0:0:0:0:1"))).as("::1 in " + names).isTrue();
        }
    }

    @Test
    void aClientReachesTheRelayByNameToo() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient byName = TestClient.connect(URI.create("wss://localhost:" + relay.port() + "/"), relay.tls(), "by-name");
            try {
                assertThat(byName.join("alice", "lobby").members()).containsExactly("alice");
            } finally {
                byName.dispose();
            }
        }
    }

    @Test
    void aClientTrustingAnotherCertificateCannotConnect(@TempDir Path otherDir) {
        try (TestRelay relay = TestRelay.start(dataDir); TestRelay other = TestRelay.start(otherDir)) {
            assertThat(other.certificate()).isNotEqualTo(relay.certificate());
            assertThatThrownBy(() -> TestClient.connect(relay.uri(), TrustedTls.trusting(other.certificate()), "wrong-trust"))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("could not connect");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void tlsOnePointTwoAndOnePointThreeBothWork(String version) throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
             RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0, version)) {
            assertThat(c.socket().getSession().getProtocol()).isEqualTo(version);
            c.upgrade(relay.port());
            c.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "alice", "lobby", null, null, null)));
            RawWebSocketClient.Frame f = c.readFrame();
            ServerMessage welcome = ServerCodec.decode(new String(f.payload(), StandardCharsets.UTF_8));
            assertThat(welcome).isInstanceOf(ServerMessage.Welcome.class);
        }
    }

    @Test
    void aTcpConnectionThatNeverSendsAClientHelloIsClosedWithoutSpinningTheCpu() throws Exception {
        Set<Thread> before = Threads.live();
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withHandshakeTimeout(HANDSHAKE_TIMEOUT))) {
            List<Thread> relayThreads = Threads.startedSince(before);
            List<Socket> silent = new ArrayList<>();
            try {
                long cpuBefore = Threads.cpuNanos(relayThreads);
                long start = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", relay.port()), 5000);
                    s.setSoTimeout(10_000);
                    silent.add(s);
                }
                for (Socket s : silent) {
                    assertThat(readUntilClosed(s.getInputStream())).as("the relay sent nothing").isZero();
                }
                Duration open = Duration.ofNanos(System.nanoTime() - start);
                long cpu = Threads.cpuNanos(relayThreads) - cpuBefore;
                assertThat(open).as("closed after the handshake timeout").isGreaterThanOrEqualTo(HANDSHAKE_TIMEOUT.minusMillis(100))
                        .isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(3));
                assertThat(cpu).as("relay CPU while three silent connections were open for %d ms (threads %s)",
                        open.toMillis(), Threads.describe(relayThreads)).isLessThan(open.toNanos() / 5);
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            // the relay still serves
            assertThat(relay.join("after", "lobby").welcome().members()).containsExactly("after");
        }
    }

    @Test
    void aConnectionThatFinishesTlsButNeverUpgradesIsClosedToo() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withHandshakeTimeout(HANDSHAKE_TIMEOUT));
             RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            long start = System.nanoTime();
            assertThat(readUntilClosed(c.socket().getInputStream())).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void aClientThatCompletesItsHandshakesInTimeIsNotClosedByTheHandshakeTimeout() {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withHandshakeTimeout(Duration.ofMillis(300)))) {
            TestClient alice = relay.join("alice", "lobby");
            org.awaitility.Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(alice::isOpen);
            alice.chat("c-1", "still here");
            assertThat(alice.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(1);
        }
    }

    /** Reads until the peer closes; returns the number of bytes received. Fails if the read times out. */
    private static long readUntilClosed(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[4096];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
            }
        } catch (SocketException | SSLException reset) {
            // a reset, or a TLS session ended without close_notify, is a close too
        }
        return n;
    }
}
