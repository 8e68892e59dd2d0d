package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.RawHttp;
import dev.parley.relay.testing.Scrapes;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics listener as an adversary meets it, over raw sockets: only {@code GET}/{@code HEAD} of {@code /metrics}
 * and {@code /health} are served; other paths get 404, other methods 405; garbage, oversized or malformed requests get
 * 400 and a closed connection; clients that send nothing, a byte at a time, requests without reading the answers, or
 * too many connections are closed; and none of it touches the relay's own port.
 */
class MetricsHttpIntegrationTest {
    /** The relay's handshake timeout, which is also how long a metrics request may take to arrive. */
    private static final Duration DEADLINE = Duration.ofMillis(1000);

    @TempDir
    Path dataDir;
    private TestRelay relay;
    private int port;

    @BeforeEach
    void start() {
        relay = TestRelay.start(dataDir, c -> c.withMetrics(new MetricsEndpoint("127.0.0.1", 0))
                .withHandshakeTimeout(DEADLINE));
        port = MetricsIntegrationTest.metricsPort(relay);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void servesMetricsAndHealthToGetAndHeadAndNothingElse() throws IOException {
        Scrapes.Answer metrics = Scrapes.get(port, "/metrics?name[]=parley_members");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("# TYPE parley_deliveries_total counter\n");
        assertThat(Scrapes.get(port, "/health").status()).isEqualTo(200);
        for (String path : new String[] {"/", "/metrics/", "/Metrics", "/health/x", "/index.html", "/../metrics"}) {
            Scrapes.Answer a = Scrapes.get(port, path);
            assertThat(a.status()).as(path).isEqualTo(404);
        }

        try (RawHttp c = RawHttp.connect(port)) {
            // one connection, kept alive: HEAD, then GET twice
            String head = c.send("HEAD /metrics HTTP/1.1\r\nHost: a\r\n\r\n").response(true);
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n").containsPattern("content-length: [1-9]");
            assertThat(c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n").response(false))
                    .startsWith("HTTP/1.1 200 OK\r\n").contains("content-type: application/json")
                    .endsWith("{\"status\":\"ready\",\"members\":0,\"rooms\":0}");
            assertThat(c.send("GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n").response(false))
                    .startsWith("HTTP/1.1 200 OK\r\n").contains("parley_members 0.0\n");
        }
        for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "BREW"}) {
            try (RawHttp c = RawHttp.connect(port)) {
                String answer = c.send(method + " /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n")
                        .readUntilClosed();
                assertThat(answer).as(method).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                        .contains("allow: GET, HEAD\r\n", "connection: close\r\n");
            }
        }
        try (RawHttp c = RawHttp.connect(port)) {
            assertThat(c.send("GET /nowhere HTTP/1.0\r\n\r\n").readUntilClosed()).startsWith("HTTP/1.1 404 ");
        }
    }

    @Test
    void garbageOversizedAndMalformedRequestsGet400AndAClosedConnection() throws Exception {
        String[] requests = {
                "garbage\r\n\r\n",
                "\u0000\u0001\u0002\u00ff\r\n\r\n",
                "GET /metrics\r\n\r\n", // HTTP/0.9
                "GET /metrics HTTP/2.0\r\nHost: a\r\n\r\n",
                "GET /metrics HTTP/1.1\r\n\r\n", // no Host
                "GET /metrics HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
                "GET /health HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
                "GET /metrics HTTP/1.1\r\nHost: a\r\nBad Header\r\n\r\n",
        };
        for (String request : requests) {
            try (RawHttp c = RawHttp.connect(port)) {
                String answer = c.send(request).readUntilClosed();
                assertThat(answer).as(printable(request)).startsWith("HTTP/1.1 400 Bad Request\r\n")
                        .contains("connection: close\r\n");
            }
        }
        // 200 KiB of headers, sent while the answer is read: 400 after the first 8 KiB, then closed
        try (RawHttp c = RawHttp.connect(port)) {
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    c.send("GET /metrics HTTP/1.1\r\nHost: a\r\n");
                    for (int i = 0; i < 200; i++) {
                        c.send("X-Filler-" + i + ": " + "b".repeat(1000) + "\r\n");
                    }
                    c.send("\r\n");
                } catch (IOException closedMeanwhile) {
                    // the relay may close before all of it is sent: that is the point
                }
            });
            assertThat(c.readUntilClosed()).startsWith("HTTP/1.1 400 Bad Request\r\n")
                    .contains("request line or headers over the limit");
            sending.join();
        }
        assertThat(Scrapes.get(port, "/health").status()).as("still serving").isEqualTo(200);
    }

    @Test
    void aClientThatSendsNothingOrAByteAtATimeIsClosedAtTheDeadline() throws Exception {
        try (RawHttp silent = RawHttp.connect(port);
             RawHttp partial = RawHttp.connect(port).send("GET /metrics HTTP/1.1\r\nHo");
             RawHttp tlsByMistake = RawHttp.connect(port).send(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01})) {
            long start = System.nanoTime();
            assertThat(silent.readUntilClosed()).as("closed without an answer").isEmpty();
            assertThat(partial.readUntilClosed()).isEmpty();
            assertThat(tlsByMistake.readUntilClosed()).as("a TLS ClientHello is not HTTP")
                    .startsWith("HTTP/1.1 400 Bad Request\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.multipliedBy(4));
        }
        try (RawHttp slow = RawHttp.connect(port)) {
            byte[] request = "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n".getBytes();
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < request.length && !closed; i++) {
                try {
                    slow.send(new byte[] {request[i]});
                } catch (IOException e) {
                    closed = true;
                }
                closed = closed || slow.closedWithin(100);
            }
            assertThat(closed).as("closed before its slow request was whole, although it kept sending").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DEADLINE.minusMillis(100));
        }
    }

    @Test
    void aClientThatSendsRequestsWithoutReadingTheAnswersIsClosed() throws IOException {
        try (RawHttp c = RawHttp.connect(port)) {
            c.send("GET /health HTTP/1.1\r\nHost: a\r\n\r\n".repeat(50));
            String answers = c.readUntilClosed();
            int answered = answers.split("HTTP/1.1 200 OK", -1).length - 1;
            assertThat(answered).as("closed once 4 wait unanswered").isBetween(0, 1 + 4);
        }
        assertThat(Scrapes.get(port, "/health").status()).isEqualTo(200);
    }

    @Test
    void tooManyConnectionsAreRefusedAndNoneOfItTouchesTheRelaysPort() throws IOException {
        List<RawHttp> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                hogs.add(RawHttp.connect(port));
            }
            int refused = 0;
            for (RawHttp h : hogs.subList(32, 40)) {
                refused += h.closedWithin(2000) ? 1 : 0;
            }
            assertThat(refused).as("connections past the 32nd are closed at once").isEqualTo(8);

            // meanwhile the relay's own port serves as ever
            TestClient alice = relay.join("alice", "lobby");
            alice.chat("c1", "the metrics port is busy, the relay is not");
            assertThat(alice.awaitNext(ServerMessage.Chat.class).text()).startsWith("the metrics port is busy");
        } finally {
            for (RawHttp h : hogs) {
                h.close();
            }
        }
        // once they are gone (closed by the client, or by the deadline), scrapes are served again
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .until(() -> Scrapes.get(port, "/metrics").status() == 200);
        assertThat(Scrapes.metrics(port)).containsEntry("parley_members", 1.0)
                .containsEntry("parley_messages_stored_total{kind=\"chat\"}", 1.0);
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : (s.length() > 60 ? s.substring(0, 60) + "..." : s).toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return out.toString();
    }
}
