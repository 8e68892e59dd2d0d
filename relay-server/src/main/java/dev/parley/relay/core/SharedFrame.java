package dev.parley.relay.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One outgoing WebSocket message, encoded once and sent to many members: its payload bytes (UTF-8 for a text frame)
 * are made when the frame is made and never change, so every receiver's copy is a view of the same bytes.
 */
public final class SharedFrame {
    private final boolean text;
    private final ByteBuffer payload;

    private SharedFrame(boolean text, ByteBuffer payload) {
        this.text = text;
        this.payload = payload.asReadOnlyBuffer();
    }

    /** A text frame holding this JSON. */
    public static SharedFrame text(String json) {
        return new SharedFrame(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A binary frame holding these bytes. They are copied once into memory outside the Java heap, which a native TLS
     * engine encrypts from directly: each receiver's copy is then a view, not one more copy of the whole clip.
     */
    public static SharedFrame binary(ByteBuffer bytes) {
        if (bytes.isDirect()) {
            return new SharedFrame(false, bytes);
        }
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.remaining());
        direct.put(bytes.duplicate()).flip();
        return new SharedFrame(false, direct);
    }

    public boolean isText() {
        return text;
    }

    /** The JSON of a text frame, decoded again from its payload (for tests and logs, not the send path). */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload()).toString();
    }

    /** The payload, as a read-only view of its own (position 0, limit = size). */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** Payload size in bytes. */
    public int payloadBytes() {
        return payload.remaining();
    }
}
