package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.Scrapes;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code --metrics} over real TLS clients: what people do in a room (join, chat, a clip, a live stream, played
 * receipts, mistakes, refused hellos, wrong passwords, a client that stops reading) moves each counter by exactly that,
 * scraped over HTTP in Prometheus's text format; with metrics off the relay serves none.
 */
class MetricsIntegrationTest {
    private static final MetricsEndpoint ANY_PORT = new MetricsEndpoint("127.0.0.1", 0);

    @TempDir
    Path dataDir;

    @Test
    void countersMoveByExactlyWhatTheClientsDid() {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(ANY_PORT))) {
            int port = metricsPort(relay);
            Map<String, Double> before = Scrapes.metrics(port);
            assertThat(before).containsEntry("parley_members", 0.0).containsEntry("parley_rooms_occupied", 0.0)
                    .containsEntry("parley_connections{kind=\"websocket\"}", 0.0)
                    .containsEntry("parley_deliveries_total", 0.0).containsEntry("parley_store_healthy", 1.0)
                    .containsKeys("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}", "process_cpu_usage",
                            "process_uptime_seconds", "jvm_threads_live_threads", "jvm_gc_memory_allocated_bytes_total");
            assertThat(before.entrySet()).filteredOn(e -> e.getKey().startsWith("parley_refusals_total"))
                    .hasSize(RelayEvents.Refusal.values().length).allMatch(e -> e.getValue() == 0.0);

            TestClient alice = relay.connect("alice");
            alice.joinReceipts("alice", "lobby", null, null);
            TestClient bob = relay.connect("bob");
            bob.joinReceipts("bob", "lobby", null, null);
            alice.awaitNext(ServerMessage.Presence.class);
            Map<String, Double> joined = Scrapes.metrics(port);
            assertThat(joined).containsEntry("parley_members", 2.0).containsEntry("parley_rooms_occupied", 1.0)
                    .containsEntry("parley_connections{kind=\"websocket\"}", 2.0);

            alice.chat("c1", "hello");
            alice.awaitNext(ServerMessage.Chat.class);
            bob.awaitNext(ServerMessage.Chat.class);
            alice.chat("c1", "hello"); // a resend: answered with the stored copy, not stored again
            alice.awaitNext(ServerMessage.Chat.class);

            bob.voice("v1", Clips.ofMillis(500, 16_000, 1));
            long clip = bob.awaitNext(ReceivedVoice.class).seq();
            alice.awaitNext(ReceivedVoice.class);
            alice.played(clip);
            alice.awaitNext(ServerMessage.Played.class);
            bob.awaitNext(ServerMessage.Played.class);
            alice.played(clip); // again: the stored receipt comes back to alice alone
            alice.awaitNext(ServerMessage.Played.class);
            alice.played(999);
            assertThat(alice.awaitNext(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.NOT_FOUND);
            alice.chat("c2", "   ");
            assertThat(alice.awaitNext(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.BAD_REQUEST);

            bob.voiceStart("s1", 16_000, 1);
            for (int n = 0; n < 5; n++) {
                bob.voiceChunk("s1", n, Clips.pcm(320, 16_000, 1));
            }
            await().atMost(TestClient.WAIT).until(() -> Scrapes.metrics(port).get("parley_live_streams_open") == 1.0);
            bob.voiceEnd("s1");
            awaitVoice(alice, "s1");
            awaitVoice(bob, "s1");

            TestClient garbage = relay.connect("garbage");
            garbage.sendRaw("this is not JSON");
            assertThat(garbage.awaitClose()).isEqualTo(CloseCodes.BAD_HELLO);
            TestClient future = relay.connect("future");
            future.sendRaw("{\"type\":\"hello\",\"protocol\":99,\"nick\":\"zed\",\"room\":\"lobby\"}");
            assertThat(future.awaitClose()).isEqualTo(CloseCodes.UNSUPPORTED_PROTOCOL);
            TestClient twin = relay.connect("twin");
            twin.hello("ALICE", "lobby");
            assertThat(twin.awaitClose()).isEqualTo(CloseCodes.NICK_TAKEN);

            List<TestClient> clients = List.of(alice, bob, garbage, future, twin);
            await().atMost(TestClient.WAIT).untilAsserted(() -> {
                Map<String, Double> now = Scrapes.metrics(port);
                assertThat(now.get("parley_deliveries_total")).as("every message written reached its client")
                        .isEqualTo((double) clients.stream().mapToLong(TestClient::framesReceived).sum());
                assertThat(now.get("parley_delivered_bytes_total"))
                        .isEqualTo((double) clients.stream().mapToLong(TestClient::bytesReceived).sum());
                assertThat(now).containsEntry("parley_connections{kind=\"websocket\"}", 2.0)
                        .containsEntry("parley_connections{kind=\"other\"}", 0.0);
            });
            Map<String, Double> after = Scrapes.metrics(port);
            assertThat(after)
                    .containsEntry("parley_messages_stored_total{kind=\"chat\"}", 1.0)
                    .containsEntry("parley_messages_stored_total{kind=\"voice\"}", 2.0) // the clip and the live stream's
                    .containsEntry("parley_receipts_stored_total", 1.0)
                    .containsEntry("parley_live_streams_started_total", 1.0)
                    .containsEntry("parley_live_streams_open", 0.0)
                    .containsEntry("parley_members", 2.0)
                    .containsEntry("parley_rooms_occupied", 1.0)
                    .containsEntry("parley_slow_consumer_drops_total", 0.0)
                    .containsEntry("parley_password_lockouts_total", 0.0)
                    .containsEntry("parley_store_commit_failures_total", 0.0)
                    .containsEntry("parley_store_healthy", 1.0);
            assertThat(refusals(after)).isEqualTo(Map.of("bad_hello", 1.0, "unsupported_protocol", 1.0,
                    "nick_taken", 1.0, "not_found", 1.0, "bad_request", 1.0));
            // seven writes (two chats, a clip, three receipts, the live clip) in one to seven group commits
            assertThat(after.get("parley_store_commit_seconds_count")).isBetween(1.0, 7.0);
            assertThat(after.get("parley_store_commit_seconds_sum")).isPositive();
            assertThat(after.get("parley_store_commit_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(after.get("parley_store_commit_seconds_count"));

            alice.close();
            bob.close();
            await().atMost(TestClient.WAIT).untilAsserted(() -> assertThat(Scrapes.metrics(port))
                    .containsEntry("parley_members", 0.0).containsEntry("parley_rooms_occupied", 0.0)
                    .containsEntry("parley_connections{kind=\"websocket\"}", 0.0)
                    .containsEntry("parley_connections{kind=\"other\"}", 0.0));
        }
    }

    @Test
    void wrongPasswordsAndALockoutAreCountedAndNamedByTheirCloseCodes() {
        PasswordBan twoStrikes = new PasswordBan(2, Duration.ofSeconds(60), Duration.ofSeconds(300));
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(ANY_PORT).withPassword("secret")
                .withPasswordBan(twoStrikes))) {
            int port = metricsPort(relay);
            assertThat(hello(relay, "guess-1")).isEqualTo(CloseCodes.WRONG_PASSWORD);
            assertThat(hello(relay, null)).as("no password: refused, not counted towards a ban")
                    .isEqualTo(CloseCodes.WRONG_PASSWORD);
            assertThat(hello(relay, "guess-2")).isEqualTo(CloseCodes.WRONG_PASSWORD);
            assertThat(hello(relay, "secret")).as("locked out").isEqualTo(CloseCodes.TOO_MANY_ATTEMPTS);

            Map<String, Double> m = Scrapes.metrics(port);
            assertThat(m).containsEntry("parley_password_lockouts_total", 1.0).containsEntry("parley_members", 0.0);
            assertThat(refusals(m)).isEqualTo(Map.of("wrong_password", 3.0, "locked_out", 1.0));
        }
    }

    @Test
    void aClientThatStopsReadingIsCountedAsASlowConsumerDropAndProtocolViolationsByTheirCode() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withMetrics(ANY_PORT).withMaxBufferedBytes(2L << 20))) {
            int port = metricsPort(relay);
            TestClient sender = relay.join("sender", "lobby");
            TestClient lagging = relay.connect("lagging", 16 * 1024);
            lagging.join("lagging", "lobby");
            sender.awaitNext(ServerMessage.Presence.class);
            lagging.stopReading();
            for (int k = 0; k < 32 && lagging.isOpen(); k++) {
                sender.voice("v-" + k, Clips.ofBytes(256 * 1024, 16_000));
                awaitVoice(sender, "v-" + k);
            }
            lagging.resumeReading();
            assertThat(lagging.awaitClose(Duration.ofSeconds(20))).isEqualTo(CloseCodes.SLOW_CONSUMER);

            try (RawWebSocketClient raw = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
                raw.sendRaw(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.TEXT,
                        new byte[] {(byte) 0xC3, (byte) 0x28})); // not UTF-8
                assertThat(raw.readFrame().closeCode()).isEqualTo(CloseCodes.INVALID_DATA);
            }
            try (RawWebSocketClient raw = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
                byte[] unmasked = {(byte) 0x81, 2, 'h', 'i'};
                raw.sendRaw(unmasked);
                assertThat(raw.readFrame().closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            }
            try (RawWebSocketClient raw = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
                raw.sendRaw(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Version: 8\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(raw.readHttpHead()).startsWith("HTTP/1.1 426");
            }

            Map<String, Double> m = Scrapes.metrics(port);
            assertThat(m).containsEntry("parley_slow_consumer_drops_total", 1.0);
            assertThat(refusals(m)).isEqualTo(Map.of("invalid_utf8", 1.0, "protocol_error", 1.0, "bad_upgrade", 1.0));
        }
    }

    @Test
    void withoutTheOptionNoMetricsAreServed() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            assertThat(relay.relay().metricsAddress()).isEmpty();
            assertThat(relay.config().metrics()).isNull();
        }
    }

    static int metricsPort(TestRelay relay) {
        return relay.relay().metricsAddress().orElseThrow().getPort();
    }

    /** The refusal counters that are not zero, by reason. */
    static Map<String, Double> refusals(Map<String, Double> metrics) {
        Map<String, Double> out = new HashMap<>();
        metrics.forEach((k, v) -> {
            if (k.startsWith("parley_refusals_total{reason=\"") && v != 0) {
                out.put(k.substring("parley_refusals_total{reason=\"".length(), k.length() - 2), v);
            }
        });
        return out;
    }

    /** Says hello with {@code password} and returns the close code the relay answers with. */
    private static int hello(TestRelay relay, String password) {
        TestClient c = relay.connect("hello");
        c.send(new ClientMessage.Hello(Protocol.VERSION, "n" + System.nanoTime() % 100_000, "lobby", null, password,
                null));
        return c.awaitClose();
    }

    /** Skips what comes before the stored clip {@code id} (typing, live chunks) and returns that clip. */
    private static ReceivedVoice awaitVoice(TestClient c, String id) {
        while (true) {
            Object o = c.awaitItems(1, Duration.ofSeconds(30)).get(0);
            if (o instanceof ReceivedVoice v && v.header().id().equals(id)) {
                return v;
            }
        }
    }
}
