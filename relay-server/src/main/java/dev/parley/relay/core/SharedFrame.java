package dev.parley.relay.core;

import dev.parley.protocol.VoiceFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One outgoing WebSocket message, encoded once and sent to many members. It is made as the complete frame a server
 * sends (RFC 6455 §5.2: FIN, opcode, length, unmasked payload), so every receiver's copy is a view of the same bytes
 * and nothing is encoded per receiver. A clip's frame lives outside the Java heap, where a native TLS engine encrypts
 * from directly.
 *
 * <p>Written by hand, such a frame is valid only while no WebSocket extension is in use on any connection (an
 * extension such as permessage-deflate changes the payload and sets RSV bits): the relay negotiates none
 * ({@code RelayChannelInitializer}), which {@code ExtensionsOffIntegrationTest} checks against a client that offers one.
 */
public final class SharedFrame {
    private static final int OPCODE_TEXT = 0x1;
    private static final int OPCODE_BINARY = 0x2;
    private static final int FIN = 0x80;

    private final boolean text;
    private final ByteBuffer wire;
    private final int headerBytes;

    private SharedFrame(boolean text, ByteBuffer wire, int headerBytes) {
        this.text = text;
        this.wire = wire.asReadOnlyBuffer();
        this.headerBytes = headerBytes;
    }

    /** A text frame holding this JSON. */
    public static SharedFrame text(String json) {
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        int header = headerBytes(utf8.length);
        ByteBuffer wire = ByteBuffer.allocate(header + utf8.length);
        putHeader(wire, OPCODE_TEXT, utf8.length);
        wire.put(utf8).flip();
        return new SharedFrame(true, wire, header);
    }

    /** A binary frame holding these bytes (copied once, into memory outside the Java heap). */
    public static SharedFrame binary(ByteBuffer bytes) {
        int length = bytes.remaining();
        int header = headerBytes(length);
        ByteBuffer wire = ByteBuffer.allocateDirect(header + length);
        putHeader(wire, OPCODE_BINARY, length);
        wire.put(bytes.duplicate()).flip();
        return new SharedFrame(false, wire, header);
    }

    /**
     * A binary frame holding a voice frame (PROTOCOL.md: header length, header JSON, audio) of {@code headerJson} and
     * {@code audio}, built in place outside the Java heap: the audio is copied once, not into a heap frame first.
     */
    public static SharedFrame voice(String headerJson, ByteBuffer audio) {
        byte[] voiceHeader = VoiceFrame.header(headerJson);
        int length = VoiceFrame.bytes(voiceHeader, audio.remaining());
        int header = headerBytes(length);
        ByteBuffer wire = ByteBuffer.allocateDirect(header + length);
        putHeader(wire, OPCODE_BINARY, length);
        VoiceFrame.put(wire, voiceHeader, audio).flip();
        return new SharedFrame(false, wire, header);
    }

    private static int headerBytes(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    private static void putHeader(ByteBuffer to, int opcode, int length) {
        to.put((byte) (FIN | opcode));
        if (length < 126) {
            to.put((byte) length);
        } else if (length <= 0xFFFF) {
            to.put((byte) 126).putShort((short) length);
        } else {
            to.put((byte) 127).putLong(length);
        }
    }

    public boolean isText() {
        return text;
    }

    /** The JSON of a text frame, decoded again from its payload (for tests and logs, not the send path). */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload()).toString();
    }

    /** The payload alone, as a read-only view of its own. */
    public ByteBuffer payload() {
        return wire.duplicate().position(headerBytes).slice();
    }

    /** The whole frame as it goes on the wire (before TLS), as a read-only view of its own. */
    public ByteBuffer wire() {
        return wire.duplicate();
    }

    /** Payload size in bytes. */
    public int payloadBytes() {
        return wire.capacity() - headerBytes;
    }

    /** Frame size in bytes, header included. */
    public int wireBytes() {
        return wire.capacity();
    }
}
