package dev.parley.relay.web;

import dev.parley.relay.WebClient;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web client's files over real TLS from a raw socket, as a browser (or an attacker) asks for them: types, entity
 * tags, gzip, HEAD, keep-alive, the security headers on every answer, and a short error that closes the connection
 * for everything that is not one of the client's files — other paths, {@code ..} plain or encoded, other methods,
 * bodies, oversized requests. The relay keeps serving WebSocket clients throughout, on the same connection too.
 */
class WebClientIntegrationTest {
    private static final Duration DEADLINE = Duration.ofMillis(1500);
    private static final String HOST = "Host: 127.0.0.1\r\n";
    private static final String INDEX = "<!doctype html><title>Parley</title><script type=\"module\" src=\"/js/app.js\"></script>\n"
            .repeat(20);
    private static final String APP = "export const greeting = 'hello';\n".repeat(40);

    @TempDir
    Path dataDir;
    @TempDir
    Path webDir;
    @TempDir
    Path outside;
    private TestRelay relay;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(webDir.resolve("index.html"), INDEX);
        Files.createDirectories(webDir.resolve("js"));
        Files.writeString(webDir.resolve("js/app.js"), APP);
        Files.writeString(webDir.resolve("js/.secret.js"), "hidden");
        Files.writeString(webDir.resolve("README.md"), "notes");
        Files.writeString(webDir.resolve("build.sh"), "echo not a client file");
        Files.writeString(outside.resolve("private.txt"), "outside the web folder");
        relay = TestRelay.start(dataDir, c -> c.withWeb(WebClient.fromFolder(webDir))
                .withHandshakeTimeout(DEADLINE));
    }

    @AfterEach
    void stillServesAndStop() {
        try {
            assertThat(relay.join("after", "lobby").welcome().members()).containsExactly("after");
        } finally {
            relay.close();
        }
    }

    @Test
    void thePageAndItsScriptsComeWithTheirTypesAndSecurityHeadersOnOneConnection() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            Response page = get(c, "GET / HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(page.text()).isEqualTo(INDEX);
            assertSecure(page);
            assertThat(page.header("etag")).matches("\"[0-9a-f]{24}\"");
            assertThat(page.header("cache-control")).isEqualTo("no-cache");
            assertThat(page.header("connection")).isNull();

            Response script = get(c, "GET /js/app.js?v=2 HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.header("content-type")).isEqualTo("text/javascript; charset=utf-8");
            assertThat(script.text()).isEqualTo(APP);
            assertSecure(script);

            assertThat(get(c, "GET /index.html HTTP/1.1\r\n" + HOST + "\r\n").text()).isEqualTo(INDEX);
        }
    }

    @Test
    void aCurrentCopyGets304AndGzipIsAnotherRepresentation() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            Response plain = get(c, "GET /js/app.js HTTP/1.1\r\n" + HOST + "\r\n");
            Response again = get(c, "GET /js/app.js HTTP/1.1\r\n" + HOST + "If-None-Match: " + plain.header("etag")
                    + "\r\n\r\n");
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.header("etag")).isEqualTo(plain.header("etag"));
            assertSecure(again);

            Response zipped = get(c, "GET /js/app.js HTTP/1.1\r\n" + HOST + "Accept-Encoding: br, gzip;q=0.8\r\n\r\n");
            assertThat(zipped.status()).isEqualTo(200);
            assertThat(zipped.header("content-encoding")).isEqualTo("gzip");
            assertThat(zipped.header("vary")).isEqualToIgnoringCase("accept-encoding");
            assertThat(zipped.body().length).isLessThan(APP.length() / 4);
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo(APP);
            assertThat(zipped.header("etag")).isNotEqualTo(plain.header("etag"));

            Response refused = get(c, "GET /js/app.js HTTP/1.1\r\n" + HOST + "Accept-Encoding: gzip;q=0\r\n\r\n");
            assertThat(refused.header("content-encoding")).isNull();
            assertThat(refused.text()).isEqualTo(APP);
        }
    }

    @Test
    void headGivesTheHeadersAndNoBody() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("HEAD / HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Response head = Response.parse(c.readHttpHead(), new byte[0]);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(String.valueOf(INDEX.length()));
            assertSecure(head);
            // the next answer on the connection starts right after the head: no body was sent
            assertThat(get(c, "GET /js/app.js HTTP/1.1\r\n" + HOST + "\r\n").text()).isEqualTo(APP);
        }
    }

    @Test
    void aConnectionThatServedPagesCanStillBecomeAWebSocket() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            assertThat(get(c, "GET / HTTP/1.1\r\n" + HOST + "\r\n").status()).isEqualTo(200);
            c.upgrade(relay.port());
            c.sendText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"raw\",\"room\":\"lobby\"}");
            assertThat(new String(c.readFrame().payload(), StandardCharsets.UTF_8)).contains("\"type\":\"welcome\"");
        }
    }

    @Test
    void anIdleConnectionAfterAPageIsClosedAtTheHandshakeDeadline() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            assertThat(get(c, "GET / HTTP/1.1\r\n" + HOST + "\r\n").status()).isEqualTo(200);
            long start = System.nanoTime();
            c.setReadTimeout((int) DEADLINE.multipliedBy(4).toMillis());
            c.readUntilClosed(); // a read timeout fails the test: the relay kept an idle connection open
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(DEADLINE.dividedBy(2), DEADLINE.multipliedBy(3));
        }
    }

    @Test
    void aFewPipelinedRequestsAreAnsweredInOrderButAFloodIsClosedBeforeItFillsMemory() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("GET / HTTP/1.1\r\n" + HOST + "\r\nGET /js/app.js HTTP/1.1\r\n" + HOST + "\r\n"
                    + "HEAD / HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readAnswer(c, false).text()).isEqualTo(INDEX);
            assertThat(readAnswer(c, false).text()).isEqualTo(APP);
            assertThat(readAnswer(c, true).status()).isEqualTo(200);
        }
        // a peer that asks for 20,000 pages at once and reads nothing: the relay must stop reading it once an answer
        // cannot be written and close it, not queue the answers in memory (about 40 MB here). Without the close it
        // would go on answering as long as the peer keeps asking: the peer asks again every 20 ms until its writes fail.
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 8192)) {
            byte[] one = ("GET /js/app.js HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            c.sendRaw(repeat(one, 20_000));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                try {
                    c.sendRaw(one);
                    return false;
                } catch (IOException closed) {
                    return true;
                }
            });
            c.setReadTimeout(3000);
            assertThat(c.readUntilClosed()).as("answers written before the close").isLessThan(4L << 20);
        }
    }

    private static byte[] repeat(byte[] bytes, int times) {
        byte[] out = new byte[bytes.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(bytes, 0, out, i * bytes.length, bytes.length);
        }
        return out;
    }

    @Test
    void theClientsOwnPageMayUpgradeButAPageFromAnotherSiteMayNot() throws IOException {
        String upgrade = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n";
        String host = "127.0.0.1:" + relay.port();
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("GET / HTTP/1.1\r\nHost: " + host + "\r\nOrigin: https://" + host + "\r\n" + upgrade + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.readHttpHead()).startsWith("HTTP/1.1 101 ");
        }
        for (String origin : new String[] {"https://evil.example", "http://" + host, "null", "https://" + host + ".evil"}) {
            try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
                c.sendRaw(("GET / HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin + "\r\n" + upgrade + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                Response answer = Response.parse(c.readHttpHead(), new byte[0]);
                assertThat(answer.status()).as(origin).isEqualTo(403);
                assertThat(answer.header("connection")).isEqualTo("close");
            }
        }
    }

    @Test
    void anErrorToHeadHasNoBody() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("HEAD /nope HTTP/1.1\r\n" + HOST + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            Response answer = Response.parse(c.readHttpHead(), new byte[0]);
            assertThat(answer.status()).isEqualTo(404);
            c.setReadTimeout(3000);
            assertThat(c.readUntilClosed()).as("no body after the head").isZero();
        }
    }

    private static Response readAnswer(RawWebSocketClient c, boolean head) throws IOException {
        String h = c.readHttpHead();
        Response r = Response.parse(h, new byte[0]);
        return head ? r : Response.parse(h, c.readExactly(Integer.parseInt(r.header("content-length"))));
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("another path", "GET /admin HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("dot-dot", "GET /../pom.xml HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("dot-dot inside", "GET /js/../../outside/private.txt HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("encoded dot-dot", "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("encoded slash", "GET /js%2fapp.js HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("double-encoded", "GET /%252e%252e/pom.xml HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("backslash", "GET /js\\..\\index.html HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("double slash", "GET //js/app.js HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("a folder", "GET /js/ HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("a folder without slash", "GET /js HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("a hidden file", "GET /js/.secret.js HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("the folder's notes", "GET /README.md HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("a file of no client type", "GET /build.sh HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("an absolute URI", "GET https://evil.example/ HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("a NUL byte", "GET /index.html%00.js HTTP/1.1\r\n" + HOST + "\r\n", 404),
                Arguments.of("POST", "POST / HTTP/1.1\r\n" + HOST + "Content-Length: 2\r\n\r\nhi", 405),
                Arguments.of("PUT", "PUT /index.html HTTP/1.1\r\n" + HOST + "Content-Length: 1\r\n\r\nx", 405),
                Arguments.of("DELETE", "DELETE /index.html HTTP/1.1\r\n" + HOST + "\r\n", 405),
                Arguments.of("OPTIONS", "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n", 405),
                Arguments.of("TRACE", "TRACE / HTTP/1.1\r\n" + HOST + "\r\n", 405),
                Arguments.of("a GET with a body", "GET / HTTP/1.1\r\n" + HOST + "Content-Length: 5\r\n\r\nhello", 400),
                Arguments.of("a chunked GET", "GET / HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
                Arguments.of("no Host", "GET / HTTP/1.1\r\n\r\n", 400),
                Arguments.of("two Hosts", "GET / HTTP/1.1\r\n" + HOST + HOST + "\r\n", 400),
                Arguments.of("200 KiB of headers", "GET / HTTP/1.1\r\n" + HOST + "X-Padding: " + "p".repeat(200 * 1024)
                        + "\r\n\r\n", 431),
                Arguments.of("a 5 KiB request line", "GET /?" + "q".repeat(5 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n", 414),
                Arguments.of("not HTTP", "\u0016\u0003\u0001hello relay\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refusals")
    void anythingButTheClientsFilesGetsAShortErrorAndTheConnectionCloses(String what, String request, int status)
            throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
            String head = c.readHttpHead();
            Response answer = Response.parse(head, new byte[0]);
            assertThat(answer.status()).as(what).isEqualTo(status);
            assertThat(answer.header("connection")).as(what).isEqualTo("close");
            assertThat(answer.header("content-type")).startsWith("text/plain");
            assertThat(Integer.parseInt(answer.header("content-length"))).as("a short answer").isLessThan(200);
            if (status == 405) {
                assertThat(answer.header("allow")).isEqualTo("GET, HEAD");
            }
            assertSecure(answer);
            String body = new String(c.readExactly(Integer.parseInt(answer.header("content-length"))),
                    StandardCharsets.UTF_8);
            assertThat(body).startsWith(status + " ").doesNotContain("outside", "Exception", "at dev.", "/tmp");
            c.setReadTimeout(3000);
            assertThat(c.readUntilClosed()).as("nothing follows the short body").isZero();
        }
    }

    private static void assertSecure(Response r) {
        assertThat(r.header("content-security-policy")).isEqualTo("default-src 'none'; script-src 'self'; "
                + "style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; "
                + "worker-src 'self'; manifest-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
        assertThat(r.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(r.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(r.header("permissions-policy")).startsWith("microphone=(self),");
        assertThat(r.header("x-frame-options")).isEqualTo("DENY");
        assertThat(r.header("strict-transport-security")).as("no HSTS on a self-signed relay").isNull();
    }

    /** Sends a request and reads its whole answer (the body by Content-Length). */
    static Response get(RawWebSocketClient c, String request) throws IOException {
        c.sendRaw(request.getBytes(StandardCharsets.ISO_8859_1));
        String head = c.readHttpHead();
        Response r = Response.parse(head, new byte[0]);
        String length = r.header("content-length");
        boolean bodyless = r.status() == 304 || request.startsWith("HEAD");
        byte[] body = bodyless || length == null ? new byte[0] : c.readExactly(Integer.parseInt(length));
        return Response.parse(head, body);
    }

    /** An HTTP answer: status, headers by lower-case name, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        static Response parse(String head, byte[] body) {
            String[] lines = head.split("\r\n");
            assertThat(lines[0]).matches("HTTP/1\\.1 \\d{3} .*");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
            }
            return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers, body);
        }

        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
