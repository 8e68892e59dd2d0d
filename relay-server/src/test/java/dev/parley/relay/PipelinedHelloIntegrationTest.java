package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that sends its hello in the same write as its upgrade request (it does not wait for the 101): a hello the
 * relay refuses is answered like any other refusal, with the 101 and then a close frame with the refusal's code.
 */
class PipelinedHelloIntegrationTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @TempDir
    Path dataDir;

    @Test
    void aRefusedHelloThatRidesWithTheUpgradeIsAnsweredWithItsCloseCode() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
             RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.write(request.getBytes(StandardCharsets.US_ASCII));
            both.write(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.TEXT,
                    "not a hello".getBytes(StandardCharsets.UTF_8)));
            c.sendRaw(both.toByteArray());

            assertThat(c.readHttpHead()).startsWith("HTTP/1.1 101 ");
            RawWebSocketClient.Frame close = c.readFrame();
            assertThat(close.opcode()).isEqualTo(RawWebSocketClient.Frame.CLOSE);
            assertThat(close.closeCode()).isEqualTo(CloseCodes.BAD_HELLO);
        }
    }
}
