package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever ends a joined member's connection (the relay refusing a frame, an RFC 6455 violation, the client closing,
 * the TCP connection dying), the others in the room are told it left and its nick is free at once. What a refused
 * frame carried is never stored.
 */
class JoinedCloseIntegrationTest {
    @TempDir
    Path dataDir;

    /** Ways a joined member's connection ends, and the close code the relay answers with (0: none expected). */
    enum Ending {
        /** a 70 KiB paste from a script: over the 64 KiB text frame limit */
        TEXT_OVER_64_KIB(CloseCodes.TOO_BIG),
        /** a client frame without a mask (RFC 6455 §5.1) */
        UNMASKED_FRAME(CloseCodes.PROTOCOL_ERROR),
        /** a text frame that is not UTF-8 */
        INVALID_UTF8(CloseCodes.INVALID_DATA),
        /** a binary frame whose declared length is over the largest clip */
        BINARY_OVER_LIMIT(CloseCodes.TOO_BIG),
        /** random bytes where frames should be */
        GARBAGE_FRAMES(CloseCodes.PROTOCOL_ERROR),
        /** the client says goodbye */
        CLIENT_CLOSES(CloseCodes.NORMAL),
        /** the TCP connection is reset */
        CONNECTION_RESET(0);

        final int code;

        Ending(int code) {
            this.code = code;
        }
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aJoinedMemberWhoseConnectionEndsIsAnnouncedGoneAndItsNickIsFreeAtOnce(Ending ending) throws IOException {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient witness = relay.join("witness", "lobby");
            RawWebSocketClient c = RawWebSocketClient.connect(relay.port(), relay.tls(), 0);
            try {
                c.sendText(ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, "zoe", "lobby", null, null, null)));
                assertThat(c.readFrame().opcode()).isEqualTo(RawWebSocketClient.Frame.TEXT); // welcome
                assertThat(witness.awaitNext(Presence.class).event()).isEqualTo(Presence.Event.JOIN);

                end(c, ending, relay);
                if (ending.code != 0) {
                    assertThat(closeCodeFrom(c)).as(ending.name()).isEqualTo(ending.code);
                }
            } finally {
                c.close();
            }
            Presence left = witness.awaitNext(Presence.class);
            assertThat(left.event()).isEqualTo(Presence.Event.LEAVE);
            assertThat(left.nick()).isEqualTo("zoe");
            assertThat(left.members()).containsExactly("witness");

            TestClient again = relay.join("zoe", "lobby");
            assertThat(again.welcome().members()).containsExactlyInAnyOrder("witness", "zoe");
            witness.chat("c-1", "after");
            assertThat(witness.awaitNext(Presence.class).nick()).isEqualTo("zoe");
            assertThat(witness.awaitNext(ServerMessage.Chat.class).seq()).as("nothing the refused frame carried was stored")
                    .isEqualTo(1);
        }
    }

    @org.junit.jupiter.api.Test
    void whenTheRelayShutsDownEveryoneGets1001AndNoOneIsToldTheOthersLeft() {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            java.util.List<TestClient> room = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                room.add(relay.join("m" + i, "lobby"));
            }
            for (int i = 0; i < room.size(); i++) {
                room.get(i).awaitNext(room.size() - 1 - i, Presence.class); // the joins after its own
            }
            relay.closeRelay();
            for (TestClient c : room) {
                assertThat(c.awaitClose()).as(c.label()).isEqualTo(CloseCodes.GOING_AWAY);
                assertThat(c.pending()).as(c.label() + ": nothing after the joins, no leave").isZero();
            }
        }
    }

    private static void end(RawWebSocketClient c, Ending ending, TestRelay relay) throws IOException {
        switch (ending) {
            case TEXT_OVER_64_KIB -> c.sendText(ClientCodec.encode(new ClientMessage.Chat("c-big", "x".repeat(70 * 1024))));
            case UNMASKED_FRAME -> c.sendRaw(unmasked(RawWebSocketClient.Frame.TEXT,
                    ClientCodec.encode(new ClientMessage.Chat("c-unmasked", "no mask")).getBytes(StandardCharsets.UTF_8)));
            case INVALID_UTF8 -> c.sendRaw(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.TEXT,
                    new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
            case BINARY_OVER_LIMIT -> c.sendRaw(header(RawWebSocketClient.Frame.BINARY,
                    relay.config().limits().maxBinaryFrameBytes() + 1));
            case GARBAGE_FRAMES -> {
                byte[] garbage = new byte[4096];
                new java.util.Random(9).nextBytes(garbage);
                garbage[0] = (byte) 0x83; // FIN, reserved opcode 3
                c.sendRaw(garbage);
            }
            case CLIENT_CLOSES -> c.sendRaw(RawWebSocketClient.maskedFrame(RawWebSocketClient.Frame.CLOSE,
                    new byte[] {0x03, (byte) 0xE8}));
            case CONNECTION_RESET -> {
                c.socket().setSoLinger(true, 0);
                c.socket().close();
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

    /** A frame as a server would send it: FIN, no mask. */
    private static byte[] unmasked(int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >> 8);
            out.write(payload.length & 0xff);
        }
        out.writeBytes(payload);
        return out.toByteArray();
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
