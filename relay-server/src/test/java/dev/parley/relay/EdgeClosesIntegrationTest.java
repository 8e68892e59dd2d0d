package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parts of the network edge that close connections on their own account (the upgrade gate on an RFC 6455
 * violation, the server at shutdown) reach every kind of connection: one that is a WebSocket gets a close frame with
 * the code, whether or not it has said hello; one that is not a WebSocket (yet) is closed at once.
 */
class EdgeClosesIntegrationTest {
    /** Well under the 3 s the relay's stop waits before it drops what is left. */
    private static final int PROMPTLY_MILLIS = 2000;

    @TempDir
    Path dataDir;

    /** RFC 6455 violations the frame decoder finds, and the close code each gets. */
    enum Violation {
        /** a client frame without a mask (§5.1) */
        UNMASKED(CloseCodes.PROTOCOL_ERROR),
        /** a reserved opcode (§5.2) */
        RESERVED_OPCODE(CloseCodes.PROTOCOL_ERROR),
        /** a binary frame that declares more than the largest clip */
        OVER_THE_FRAME_LIMIT(CloseCodes.TOO_BIG);

        final int code;

        Violation(int code) {
            this.code = code;
        }
    }

    @ParameterizedTest
    @EnumSource(Violation.class)
    void aViolationBeforeHelloClosesWithItsCodeAndTheRelayKeepsServing(Violation violation) throws IOException {
        try (TestRelay relay = TestRelay.start(dataDir);
             RawWebSocketClient c = RawWebSocketClient.connect(relay.port(), relay.tls(), 0)) {
            c.sendRaw(switch (violation) {
                case UNMASKED -> new byte[] {(byte) 0x81, 2, '{', '}'};
                case RESERVED_OPCODE -> RawWebSocketClient.maskedFrame(3, new byte[] {1, 2, 3});
                case OVER_THE_FRAME_LIMIT -> header(RawWebSocketClient.Frame.BINARY,
                        relay.config().limits().maxBinaryFrameBytes() + 1);
            });

            assertThat(closeCodeFrom(c)).isEqualTo(violation.code);
            assertThat(relay.join("after", "lobby").welcome().members()).containsExactly("after");
        }
    }

    @Test
    void atShutdownEveryConnectionIsClosedAtOnceAndWebSocketsGet1001() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient joined = relay.join("alice", "lobby");
            RawWebSocketClient silent = RawWebSocketClient.connect(relay.port(), relay.tls(), 0); // upgraded, no hello
            RawWebSocketClient page = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0);   // the web client's page
            page.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(page.readHttpHead()).startsWith("HTTP/1.1 200");
            RawWebSocketClient tlsOnly = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0); // nothing sent yet
            try {
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(relay::closeRelay);

                assertThat(joined.awaitClose()).isEqualTo(CloseCodes.GOING_AWAY);
                silent.setReadTimeout(PROMPTLY_MILLIS);
                assertThat(closeCodeFrom(silent)).isEqualTo(CloseCodes.GOING_AWAY);
                silent.sendRaw(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.CLOSE, new byte[] {0x03, (byte) 0xE9}));
                page.setReadTimeout(PROMPTLY_MILLIS);
                page.readUntilClosed(); // the rest of the page, then the end; a timeout fails the test
                tlsOnly.setReadTimeout(PROMPTLY_MILLIS);
                assertThat(tlsOnly.readUntilClosed()).isZero();
                stopped.get(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                silent.close();
                page.close();
                tlsOnly.close();
            }
        }
    }

    /** Reads frames until the relay's close frame; returns its code. */
    private static int closeCodeFrom(RawWebSocketClient c) throws IOException {
        while (true) {
            RawWebSocketClient.Frame f = c.readFrame();
            if (f.opcode() == RawWebSocketClient.Frame.CLOSE) {
                return f.closeCode();
            }
        }
    }

    /** Only the header of a masked frame that declares {@code length} payload bytes (the payload never comes). */
    private static byte[] header(int opcode, long length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        out.write(0x80 | 127);
        for (int i = 7; i >= 0; i--) {
            out.write((int) (length >>> (8 * i)) & 0xff);
        }
        out.writeBytes(new byte[] {1, 2, 3, 4}); // mask key
        return out.toByteArray();
    }
}
