package dev.parley.relay.net;

import dev.parley.relay.core.SharedFrame;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.Framedata;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes a {@link SharedFrame} once into the bytes of an unmasked server-to-client WebSocket frame, using
 * the library's own framing ({@link Draft_6455} with no role is unmasked), so fan-out shares one buffer.
 */
final class WireFrames {
    private static final ThreadLocal<Draft_6455> DRAFT = ThreadLocal.withInitial(Draft_6455::new);

    private WireFrames() {
    }

    /** The frame's wire bytes, cached on the frame; callers must use {@code duplicate()}. */
    static ByteBuffer of(SharedFrame frame) {
        return (ByteBuffer) frame.wire(WireFrames::encode);
    }

    private static Object encode(SharedFrame frame) {
        Draft_6455 draft = DRAFT.get();
        List<Framedata> frames = frame.isText() ? draft.createFrames(frame.text(), false)
                : draft.createFrames(frame.binary(), false);
        if (frames.size() != 1) {
            throw new IllegalStateException("expected one frame, got " + frames.size());
        }
        return draft.createBinaryFrame(frames.get(0)).asReadOnlyBuffer();
    }
}
