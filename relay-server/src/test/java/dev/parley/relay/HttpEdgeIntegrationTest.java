package dev.parley.relay;

import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Peers that are not WebSocket clients, over real TLS, on a relay that serves no web client ({@code --no-web}): every
 * request that is not a valid upgrade to {@code /} gets the HTTP status it deserves and the connection is closed
 * promptly; the relay keeps serving.
 */
class HttpEdgeIntegrationTest {
    /** A refused connection is closed within this long after the relay answered. */
    private static final Duration CLOSED_WITHIN = Duration.ofSeconds(2);
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String UPGRADE_HEADERS = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + KEY
            + "\r\nSec-WebSocket-Version: 13\r\n";

    @TempDir
    Path dataDir;
    private TestRelay relay;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, c -> c.withWeb(WebClient.OFF)); // --no-web; WebClientIntegrationTest has it on
    }

    @AfterEach
    void stillServesAndStop() {
        try {
            assertThat(relay.join("after", "lobby").welcome().members()).containsExactly("after");
        } finally {
            relay.close();
        }
    }

    static Stream<Arguments> requests() {
        String host = "Host: 127.0.0.1\r\n";
        return Stream.of(
                // a browser or curl asking for a page
                Arguments.of("plain GET", "GET / HTTP/1.1\r\n" + host + "\r\n", 426, "Upgrade: websocket"),
                Arguments.of("another path", "GET /index.html HTTP/1.1\r\n" + host + UPGRADE_HEADERS + "\r\n", 404, null),
                Arguments.of("POST", "POST / HTTP/1.1\r\n" + host + "Content-Length: 2\r\n\r\nhi", 405, "Allow: GET"),
                Arguments.of("WebSocket version 8", "GET / HTTP/1.1\r\n" + host + UPGRADE_HEADERS.replace(
                        "Version: 13", "Version: 8") + "\r\n", 426, "Sec-WebSocket-Version: 13"),
                Arguments.of("no Sec-WebSocket-Key", "GET / HTTP/1.1\r\n" + host + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400, null),
                Arguments.of("a key that is not 16 bytes", "GET / HTTP/1.1\r\n" + host + UPGRADE_HEADERS.replace(
                        KEY, "c2hvcnQ=") + "\r\n", 400, null),
                Arguments.of("no Connection: Upgrade", "GET / HTTP/1.1\r\n" + host + UPGRADE_HEADERS.replace(
                        "Connection: Upgrade", "Connection: keep-alive") + "\r\n", 400, null),
                Arguments.of("200 KiB of headers", "GET / HTTP/1.1\r\n" + host + UPGRADE_HEADERS
                        + "X-Padding: " + "p".repeat(200 * 1024) + "\r\n\r\n", 431, null),
                Arguments.of("a 5 KiB request line", "GET /?" + "q".repeat(5 * 1024) + " HTTP/1.1\r\n" + host
                        + UPGRADE_HEADERS + "\r\n", 414, null),
                // RFC 6455 §4.2.1: an HTTP/1.1 (or higher) GET with a Host header
                Arguments.of("HTTP/1.0", "GET / HTTP/1.0\r\n" + host + UPGRADE_HEADERS + "\r\n", 505, null),
                Arguments.of("no Host", "GET / HTTP/1.1\r\n" + UPGRADE_HEADERS + "\r\n", 400, null),
                // a browser on another site's page (cross-site WebSocket hijacking)
                Arguments.of("another site's page", "GET / HTTP/1.1\r\n" + host + "Origin: https://evil.example\r\n"
                        + UPGRADE_HEADERS + "\r\n", 403, null),
                Arguments.of("not HTTP at all", "\u0016\u0003\u0001hello relay\r\n\r\n", 400, null));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("requests")
    void aRequestThatIsNotAValidUpgradeGetsItsStatusAndIsClosed(String what, String request, int status,
                                                                 String header) throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = c.readHttpHead();
            assertThat(head).as(what).startsWith("HTTP/1.1 " + status + " ").contains("connection: close");
            if (header != null) {
                assertThat(head.toLowerCase()).contains(header.toLowerCase());
            }
            assertClosedPromptly(c);
        }
    }

    @Test
    void randomBytesAfterTheTlsHandshakeGetAnHttpErrorAndTheConnectionCloses() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(garbage);
            assertThat(c.readHttpHead()).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
            assertClosedPromptly(c);
        }
    }

    @Test
    void aValidUpgradeWithAQueryIsServed() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("GET /?client=script HTTP/1.1\r\nHost: 127.0.0.1\r\n" + UPGRADE_HEADERS + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readHttpHead()).startsWith("HTTP/1.1 101 ").contains("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    private static void assertClosedPromptly(RawWebSocketClient c) throws IOException {
        c.setReadTimeout((int) CLOSED_WITHIN.toMillis());
        long start = System.nanoTime();
        c.readUntilClosed(); // a read timeout fails the test: the relay kept the connection open
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CLOSED_WITHIN);
    }
}
