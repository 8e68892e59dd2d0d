package dev.parley.relay;

import dev.parley.protocol.RelayAddress;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.cli.RelayMain;
import dev.parley.relay.core.RelayDirectory;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.TrustedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --advertise} and {@code welcome.relays} (PROTOCOL.md "More than one relay"): a relay lists what its directory
 * says, with the fingerprints it vouches for; on its own, itself when advertised and nothing otherwise.
 */
class AdvertiseIntegrationTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path otherDir;

    private record Run(int code, String out, String err, ParleyRelay relay) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<ParleyRelay> started = new AtomicReference<>();
        int code = RelayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true), started::set);
        return new Run(code, out.toString(), err.toString(), started.get());
    }

    private static ServerMessage.Welcome welcomeFrom(ParleyRelay relay) {
        TestClient c = TestClient.connect(URI.create("wss://127.0.0.1:" + relay.port() + "/"),
                TrustedTls.trusting(relay.certificate()), "probe");
        try {
            return c.join("probe", "lobby");
        } finally {
            c.dispose();
        }
    }

    @Test
    void anAdvertisedRelayListsItselfWithItsOwnFingerprintAndSaysSoAtStart() {
        Run r = run("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0", "--no-discovery", "--no-web",
                "--no-warmup", "--advertise", "WSS://Relay1.Example.LAN:55555");
        try {
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Advertised to clients as wss://relay1.example.lan:55555/");
            ServerMessage.Welcome welcome = welcomeFrom(r.relay());
            assertThat(welcome.relays()).containsExactly(
                    new RelayAddress("wss://relay1.example.lan:55555/", r.relay().fingerprint()));
        } finally {
            r.relay().close();
        }
    }

    @Test
    void withoutAdvertiseTheWelcomeCarriesNoRelaysField() throws IOException {
        Run r = run("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0", "--no-discovery", "--no-web",
                "--no-warmup");
        try (RawWebSocketClient c = RawWebSocketClient.connect(r.relay().port(),
                TrustedTls.trusting(r.relay().certificate()), 0)) {
            assertThat(r.out()).doesNotContain("Advertised");
            c.setReadTimeout((int) TestClient.WAIT.toMillis());
            c.sendText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"probe\",\"room\":\"lobby\"}");
            String welcome = new String(c.readFrame().payload(), StandardCharsets.UTF_8);
            assertThat(welcome).startsWith("{\"type\":\"welcome\"").doesNotContain("relays");
        } finally {
            r.relay().close();
        }
    }

    @Test
    void aRelayListsWhatItsDirectorySaysInEveryVersionsWelcome() {
        try (TestRelay second = TestRelay.start(otherDir)) {
            RelayAddress secondAddress = new RelayAddress("wss://127.0.0.1:" + second.port() + "/",
                    second.relay().fingerprint());
            List<RelayAddress> listed = new ArrayList<>();
            try (TestRelay first = TestRelay.start(dataDir, c -> c, fingerprint -> {
                listed.add(new RelayAddress("wss://127.0.0.1:1/", fingerprint));
                listed.add(secondAddress);
                return () -> listed;
            })) {
                assertThat(listed.get(0).fingerprint()).isEqualTo(first.relay().fingerprint());
                assertThat(first.join("alice", "lobby").welcome().relays()).containsExactlyElementsOf(listed);
                assertThat(first.connect("bob").joinLive("bob", "lobby").relays()).containsExactlyElementsOf(listed);
                assertThat(first.connect("carol").joinReceipts("carol", "lobby", null, null).relays())
                        .containsExactlyElementsOf(listed);
                // the directory is asked at every welcome: a relay that joins the cluster is listed from then on
                listed.remove(1);
                assertThat(first.join("dave", "lobby").welcome().relays()).containsExactly(listed.get(0));
            }
            assertThat(second.join("erin", "lobby").welcome().relays()).isEmpty();
        }
    }

    @Test
    void aSingleRelayDirectoryListsOnlyAnAdvertisedRelay() {
        RelayAddress self = new RelayAddress("wss://10.0.0.5:55555/",
                "F2:7D:13:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:AB:C6:9A");
        assertThat(RelayDirectory.single(self).relays()).containsExactly(self);
        assertThat(RelayDirectory.single(null).relays()).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "--advertise",
            "--advertise relay1.example.lan:55555",
            "--advertise ws://relay1.example.lan:55555",
            "--advertise https://relay1.example.lan:55555",
            "--advertise wss://relay1.example.lan",
            "--advertise wss://relay1.example.lan:0",
            "--advertise wss://relay1.example.lan:65536",
            "--advertise wss://relay1.example.lan:55555/parley",
            "--advertise wss://bob@relay1.example.lan:55555",
            "--advertise wss://:55555",
            "--advertise=wss://relay1.example.lan:55555/?x=1",
    })
    void aBadAdvertiseExitsTwoWithOneLineAndNoStackTrace(String line) {
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-discovery", "--no-web", "--no-warmup"));
        args.addAll(List.of(line.split(" ")));
        Run r = run(args.toArray(String[]::new));
        if (r.relay() != null) {
            r.relay().close();
        }
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).contains("--advertise").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).as("nothing started").doesNotContain("listening");
    }
}
