package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing over real TLS: an address that sends too many wrong room passwords is refused with 4429 for a
 * while, even with the right one, while another address still joins; after the ban it joins again. Clients come
 * from different loopback addresses (127.0.0.2, 127.0.0.3), which the relay sees as different machines.
 */
class PasswordBanIntegrationTest {
    private static final PasswordBan RULE = new PasswordBan(3, Duration.ofSeconds(60), Duration.ofSeconds(300));

    @TempDir
    Path dataDir;

    private record Answer(int opcode, int closeCode, String text) {
    }

    @Test
    void anAddressThatKeepsGuessingIsRefusedForAWhileAndOthersStillJoin() throws IOException {
        MutableClock clock = MutableClock.stopped();
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withPassword("secret").withPasswordBan(RULE)
                .withClock(clock))) {
            InetAddress guesser = InetAddress.getByName("127.0.0.2");
            InetAddress colleague = InetAddress.getByName("127.0.0.3");
            for (int i = 0; i < RULE.maxFailures(); i++) {
                assertThat(hello(relay, guesser, "guess-" + i).closeCode()).isEqualTo(CloseCodes.WRONG_PASSWORD);
            }
            Answer banned = hello(relay, guesser, "secret");
            assertThat(banned.closeCode()).as("refused even with the right password").isEqualTo(CloseCodes.TOO_MANY_ATTEMPTS);
            assertThat(banned.text()).contains("try again in 300 s");

            assertThat(hello(relay, colleague, "secret").opcode()).as("another address joins")
                    .isEqualTo(RawWebSocketClient.Frame.TEXT);
            assertThat(hello(relay, colleague, "typo").closeCode()).as("and is told its own mistake")
                    .isEqualTo(CloseCodes.WRONG_PASSWORD);

            clock.advance(Duration.ofSeconds(299));
            assertThat(hello(relay, guesser, "secret").text()).contains("try again in 1 s");
            clock.advance(Duration.ofSeconds(1));
            assertThat(hello(relay, guesser, "secret").opcode()).as("joins after the ban")
                    .isEqualTo(RawWebSocketClient.Frame.TEXT);
        }
    }

    /** Connects from {@code from}, says hello with {@code password}; returns the first frame the relay answers. */
    private static Answer hello(TestRelay relay, InetAddress from, String password) throws IOException {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnlyFrom(from, relay.port(), relay.tls(), 0)) {
            c.upgrade(relay.port());
            String nick = "n" + Long.toHexString(System.nanoTime() & 0xffffff);
            c.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, nick, "lobby", null, password, null)));
            RawWebSocketClient.Frame f = c.readFrame();
            String text = f.opcode() == RawWebSocketClient.Frame.CLOSE && f.payload().length > 2
                    ? new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8)
                    : new String(f.payload(), StandardCharsets.UTF_8);
            return new Answer(f.opcode(), f.opcode() == RawWebSocketClient.Frame.CLOSE ? f.closeCode() : 0, text);
        }
    }
}
