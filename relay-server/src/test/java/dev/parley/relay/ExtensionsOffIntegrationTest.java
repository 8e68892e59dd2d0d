package dev.parley.relay;

import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay negotiates no WebSocket extension, whatever a client offers (browsers offer permessage-deflate): a message
 * to a room is one payload shared by every receiver ({@code core/SharedFrame}), and compressing it per receiver would
 * cost each receiver's share of CPU again (live PCM hardly compresses). Frames arrive plain: FIN, no RSV bit, unmasked.
 */
class ExtensionsOffIntegrationTest {
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @TempDir
    Path dataDir;

    @Test
    void aClientOfferingPermessageDeflateGetsNoExtensionAndPlainFramesFromTheSharedEncoder() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
             RawWebSocketClient c = RawWebSocketClient.tlsOnly(relay.port(), relay.tls(), 0)) {
            c.setReadTimeout(10_000);
            c.sendRaw(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + relay.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = c.readHttpHead();
            assertThat(head).startsWith("HTTP/1.1 101 ");
            assertThat(head.toLowerCase(Locale.ROOT)).doesNotContain("sec-websocket-extensions");

            c.sendText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\"}");
            assertThat(ServerCodec.decode(new String(plainFrame(c, 0x1), StandardCharsets.UTF_8)))
                    .isInstanceOf(ServerMessage.Welcome.class);

            // a chat's and a clip's echo are frames the shared encoder made (one copy for every receiver)
            c.sendText("{\"type\":\"chat\",\"id\":\"c1\",\"text\":\"" + "x".repeat(300) + "\"}");
            ServerMessage chat = ServerCodec.decode(new String(plainFrame(c, 0x1), StandardCharsets.UTF_8));
            assertThat(chat).isInstanceOfSatisfying(ServerMessage.Chat.class,
                    m -> assertThat(m.text()).isEqualTo("x".repeat(300)));
            byte[] clip = Clips.pcm(16_000, 16_000, 1);
            c.sendBinary(VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v1\"}", clip));
            VoiceFrame.Parts voice = VoiceFrame.split(ByteBuffer.wrap(plainFrame(c, 0x2)));
            byte[] echoed = new byte[voice.clip().remaining()];
            voice.clip().get(echoed);
            assertThat(echoed).isEqualTo(clip);
        }
    }

    /** Reads one frame and checks its first byte is FIN, no RSV bit, {@code opcode}; returns its payload. */
    private static byte[] plainFrame(RawWebSocketClient c, int opcode) throws IOException {
        int b0 = c.readExactly(1)[0] & 0xFF;
        int b1 = c.readExactly(1)[0] & 0xFF;
        assertThat(b0 & 0x80).as("FIN").isEqualTo(0x80);
        assertThat(b0 & 0x70).as("RSV1-3 (an extension's bits)").isZero();
        assertThat(b0 & 0x0F).as("opcode").isEqualTo(opcode);
        assertThat(b1 & 0x80).as("a server's frame is not masked").isZero();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = ByteBuffer.wrap(c.readExactly(2)).getShort() & 0xFFFF;
        } else if (length == 127) {
            length = ByteBuffer.wrap(c.readExactly(8)).getLong();
        }
        return c.readExactly((int) length);
    }
}
