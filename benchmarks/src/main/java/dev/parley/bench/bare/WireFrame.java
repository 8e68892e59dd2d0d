package dev.parley.bench.bare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A server-to-client WebSocket frame (FIN set, unmasked) encoded once, to be written to every receiver as a
 * {@code retainedDuplicate()}: the WebSocket encoder lets a plain {@link ByteBuf} pass untouched, so no receiver
 * encodes it again.
 */
final class WireFrame {
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    /** Up to this size the payload is copied behind the header; above it the header and payload are composed. */
    private static final int COPY_LIMIT = 4096;

    private WireFrame() {
    }

    /** The whole frame as one buffer of reference count 1; {@code payload} is not released (it may be retained). */
    static ByteBuf encode(ByteBufAllocator alloc, int opcode, ByteBuf payload) {
        int length = payload.readableBytes();
        int headerLength = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        if (length <= COPY_LIMIT) {
            ByteBuf frame = alloc.directBuffer(headerLength + length);
            writeHeader(frame, opcode, length);
            frame.writeBytes(payload, payload.readerIndex(), length);
            return frame;
        }
        ByteBuf header = alloc.directBuffer(headerLength);
        writeHeader(header, opcode, length);
        return alloc.compositeDirectBuffer(2).addComponents(true, header, payload.retainedSlice());
    }

    private static void writeHeader(ByteBuf out, int opcode, int length) {
        out.writeByte(0x80 | opcode);
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
    }
}
