package dev.parley.relay.core;

import dev.parley.protocol.VoiceFrame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One outgoing WebSocket message's payload, encoded once and sent to many members: every receiver's copy is a
 * read-only view of the same bytes. The WebSocket framing (RFC 6455) is the network edge's job, done per receiver by
 * the WebSocket library, so this class knows nothing of headers, masks or extensions.
 *
 * <p>A payload larger than {@link #DIRECT_THRESHOLD} bytes (a clip) lives outside the Java heap, where a native TLS
 * engine encrypts from directly; a smaller one (a live chunk, a chat) stays on the heap, because the frame encoder
 * copies a payload that small into the frame's own pooled buffer anyway, and an off-heap buffer of its own would only
 * cost an allocation and a cleaner per message.
 */
public final class SharedFrame {
    /** Payloads above this many bytes are kept outside the Java heap (the WebSocket encoder copies smaller ones). */
    static final int DIRECT_THRESHOLD = 1024;

    private final boolean text;
    private final ByteBuffer payload;

    private SharedFrame(boolean text, ByteBuffer payload) {
        this.text = text;
        this.payload = payload.asReadOnlyBuffer();
    }

    /** A text message holding this JSON. */
    public static SharedFrame text(String json) {
        return new SharedFrame(true, ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** A binary message holding these bytes (copied once). */
    public static SharedFrame binary(ByteBuffer bytes) {
        ByteBuffer payload = allocate(bytes.remaining());
        payload.put(bytes.duplicate()).flip();
        return new SharedFrame(false, payload);
    }

    /**
     * A binary message holding a voice frame (PROTOCOL.md: header length, header JSON, audio) of {@code headerJson} and
     * {@code audio}, built in place: the audio is copied once, not into a heap frame first.
     */
    public static SharedFrame voice(String headerJson, ByteBuffer audio) {
        byte[] voiceHeader = VoiceFrame.header(headerJson);
        ByteBuffer payload = allocate(VoiceFrame.bytes(voiceHeader, audio.remaining()));
        VoiceFrame.put(payload, voiceHeader, audio).flip();
        return new SharedFrame(false, payload);
    }

    private static ByteBuffer allocate(int bytes) {
        return bytes > DIRECT_THRESHOLD ? ByteBuffer.allocateDirect(bytes) : ByteBuffer.allocate(bytes);
    }

    public boolean isText() {
        return text;
    }

    /** The JSON of a text message, decoded again from its payload (for tests and logs, not the send path). */
    public String text() {
        return StandardCharsets.UTF_8.decode(payload()).toString();
    }

    /** The payload, as a read-only view of its own. */
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    /** Payload size in bytes. */
    public int payloadBytes() {
        return payload.capacity();
    }
}
