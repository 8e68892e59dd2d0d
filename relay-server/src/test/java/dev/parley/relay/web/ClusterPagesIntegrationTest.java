package dev.parley.relay.web;

import dev.parley.protocol.RelayAddress;
import dev.parley.relay.WebClient;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay of a cluster serves pages that may fail over (PROTOCOL.md "More than one relay"): its pages' policy lets
 * them open WebSockets to every relay its directory lists now, and it lets pages of those relays open a WebSocket
 * here; pages of any other origin stay refused, and an address a policy cannot name (IPv6) is left out of it.
 */
class ClusterPagesIntegrationTest {
    private static final String FINGERPRINT = String.join(":", Collections.nCopies(32, "AB"));
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    @TempDir
    Path dataDir;
    @TempDir
    Path webDir;
    private final AtomicReference<List<RelayAddress>> listed = new AtomicReference<>(List.of());
    private TestRelay relay;

    @BeforeEach
    void start() throws IOException {
        Files.writeString(webDir.resolve("index.html"), "<!doctype html><title>Parley</title>\n");
        listed.set(List.of(relay("wss://relay-b.lan:7443/"), relay("wss://10.0.0.3:7444/"), relay("wss://[fd00::7]:7443/")));
        relay = TestRelay.start(dataDir, c -> c.withWeb(WebClient.fromFolder(webDir)), fingerprint -> listed::get);
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private static RelayAddress relay(String url) {
        return new RelayAddress(url, FINGERPRINT);
    }

    private String connectSources() throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            WebClientIntegrationTest.Response page = WebClientIntegrationTest.get(c,
                    "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + relay.port() + "\r\n\r\n");
            assertThat(page.status()).isEqualTo(200);
            String policy = page.header("content-security-policy");
            assertThat(policy).startsWith("default-src 'none'; script-src 'self'; style-src 'self'; ")
                    .endsWith("; worker-src 'self'; manifest-src 'self'; font-src 'self'; base-uri 'none'; "
                            + "form-action 'none'; frame-ancestors 'none'");
            return policy.replaceAll(".*connect-src ([^;]*);.*", "$1");
        }
    }

    private int upgradeFrom(String origin) throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.sendRaw(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + relay.port() + "\r\nOrigin: " + origin + "\r\n" + UPGRADE
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            return WebClientIntegrationTest.Response.parse(c.readHttpHead(), new byte[0]).status();
        }
    }

    @Test
    void thePagesPolicyNamesEveryListedRelayItCanAndFollowsTheDirectory() throws IOException {
        assertThat(connectSources()).isEqualTo("'self' wss://relay-b.lan:7443 wss://10.0.0.3:7444");
        listed.set(List.of(relay("wss://relay-c.lan:55555/")));
        assertThat(connectSources()).as("the directory now").isEqualTo("'self' wss://relay-c.lan:55555");
        listed.set(List.of());
        assertThat(connectSources()).as("on its own").isEqualTo("'self'");
    }

    @Test
    void pagesOfListedRelaysMayUpgradeHereAndNoOthers() throws IOException {
        assertThat(upgradeFrom("https://relay-b.lan:7443")).isEqualTo(101);
        assertThat(upgradeFrom("https://RELAY-B.lan:7443")).as("any case").isEqualTo(101);
        assertThat(upgradeFrom("https://10.0.0.3:7444")).isEqualTo(101);
        assertThat(upgradeFrom("https://[fd00::7]:7443")).as("a page of a relay with an IPv6 address").isEqualTo(101);
        assertThat(upgradeFrom("https://127.0.0.1:" + relay.port())).as("its own pages").isEqualTo(101);
        for (String other : List.of("https://relay-b.lan:7444", "https://relay-b.lan", "http://relay-b.lan:7443",
                "https://relay-b.lan.evil:7443", "https://evil.example", "null", "https://relay-b.lan:7443/page",
                "https://user@relay-b.lan:7443", "wss://relay-b.lan:7443", "https://relay-c.lan:55555")) {
            assertThat(upgradeFrom(other)).as(other).isEqualTo(403);
        }
        listed.set(List.of(relay("wss://relay-c.lan:55555/")));
        assertThat(upgradeFrom("https://relay-c.lan:55555")).as("the directory now").isEqualTo(101);
        assertThat(upgradeFrom("https://relay-b.lan:7443")).as("no longer listed").isEqualTo(403);
    }
}
