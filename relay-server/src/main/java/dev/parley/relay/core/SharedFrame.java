package dev.parley.relay.core;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One outgoing message, encoded once and sent to many members. The socket edge caches its own wire form
 * of the frame here, so fan-out to N members does not encode N times.
 */
public final class SharedFrame {
    private final String text;
    private final ByteBuffer binary;
    private volatile Object wire;

    private SharedFrame(String text, ByteBuffer binary) {
        this.text = text;
        this.binary = binary;
    }

    /** A text frame holding this JSON. */
    public static SharedFrame text(String json) {
        return new SharedFrame(json, null);
    }

    /** A binary frame holding these bytes (not copied; must not change afterwards). */
    public static SharedFrame binary(ByteBuffer bytes) {
        return new SharedFrame(null, bytes.asReadOnlyBuffer());
    }

    public boolean isText() {
        return text != null;
    }

    /** The JSON of a text frame. */
    public String text() {
        return text;
    }

    /** The bytes of a binary frame, as a view of its own. */
    public ByteBuffer binary() {
        return binary.duplicate();
    }

    /** Payload size in bytes (for text, an upper bound of its UTF-8 length is not needed: the exact one). */
    public int payloadBytes() {
        return text != null ? text.getBytes(StandardCharsets.UTF_8).length : binary.remaining();
    }

    /** The edge's encoding of this frame, computed at most once per distinct encoder result in practice. */
    public Object wire(Function<SharedFrame, Object> encoder) {
        Object w = wire;
        if (w == null) {
            w = encoder.apply(this);
            wire = w;
        }
        return w;
    }
}
