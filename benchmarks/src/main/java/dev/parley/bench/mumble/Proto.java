package dev.parley.bench.mumble;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few Protocol Buffers (proto2) fields the Mumble control channel needs, encoded and decoded by hand: base-128
 * varints (wire type 0) for numbers and booleans, and length-delimited fields (wire type 2) for strings and bytes.
 *
 * <p>Why not protobuf-java: the benchmark client writes three messages (Version, Authenticate, Ping) with six fields
 * between them and reads two fields (ServerSync.session, Reject.reason) from what the server sends; everything else is
 * skipped. Generated classes would need {@code Mumble.proto}, the protoc plugin in the build and a ~1.7 MB runtime in
 * the shaded jar for that. The wire format of these fields is small and stable (the field numbers are those of
 * {@code src/Mumble.proto} at mumble-voip/mumble tag 1.3.4), and the unit tests pin it to known encodings.
 *
 * <p>Not to be confused with Mumble's own variable-length integers inside voice packets ({@link VoicePacket}), which
 * are a different encoding (big-endian, prefix bits in the first byte).
 */
final class Proto {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private Proto() {
    }

    /** Builds one message, field by field, in the order the calls are made. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        /** An unsigned integer field ({@code uint32}, {@code uint64}, non-negative {@code int32}). */
        Writer uint(int field, long value) {
            tag(field, VARINT);
            varint(out, value);
            return this;
        }

        Writer bool(int field, boolean value) {
            return uint(field, value ? 1 : 0);
        }

        Writer string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(int field, byte[] value) {
            tag(field, LENGTH_DELIMITED);
            varint(out, value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            varint(out, ((long) field << 3) | wireType);
        }
    }

    /** Appends {@code value} as a protobuf varint: 7 bits a byte, least significant group first, high bit = more. */
    static void varint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        varint(out, value);
        return out.toByteArray();
    }

    /**
     * Reads a message's fields one after another: {@link #next()} moves to the next field, then {@link #field()},
     * {@link #wireType()} and {@link #varintValue()} or {@link #bytesValue()} describe it. Fixed-width fields are
     * skipped over (the client reads none).
     */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private int field;
        private int wireType;
        private long varintValue;
        private int bytesStart;
        private int bytesLength;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        /** Moves to the next field; false at the end of the message. */
        boolean next() {
            if (pos >= buf.length) {
                return false;
            }
            long tag = readVarint();
            field = (int) (tag >>> 3);
            wireType = (int) (tag & 7);
            switch (wireType) {
                case VARINT -> varintValue = readVarint();
                case FIXED64 -> skip(8);
                case LENGTH_DELIMITED -> {
                    long n = readVarint();
                    if (n < 0 || n > buf.length - pos) {
                        throw new IllegalArgumentException("field " + field + " is longer than the message");
                    }
                    bytesStart = pos;
                    bytesLength = (int) n;
                    pos += bytesLength;
                }
                case FIXED32 -> skip(4);
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " (field " + field
                        + ")");
            }
            return true;
        }

        int field() {
            return field;
        }

        int wireType() {
            return wireType;
        }

        long varintValue() {
            return varintValue;
        }

        byte[] bytesValue() {
            byte[] b = new byte[bytesLength];
            System.arraycopy(buf, bytesStart, b, 0, bytesLength);
            return b;
        }

        String stringValue() {
            return new String(buf, bytesStart, bytesLength, StandardCharsets.UTF_8);
        }

        private void skip(int n) {
            if (n > buf.length - pos) {
                throw new IllegalArgumentException("truncated fixed-width field " + field);
            }
            pos += n;
        }

        private long readVarint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw new IllegalArgumentException("truncated varint");
                }
                int b = buf[pos++] & 0xFF;
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint longer than 10 bytes");
        }
    }

    /** The first varint field numbered {@code field} in {@code message}, or {@code fallback}. */
    static long uintField(byte[] message, int field, long fallback) {
        Reader r = new Reader(message);
        while (r.next()) {
            if (r.field() == field && r.wireType() == VARINT) {
                return r.varintValue();
            }
        }
        return fallback;
    }

    /** The first length-delimited field numbered {@code field} as UTF-8, or {@code fallback}. */
    static String stringField(byte[] message, int field, String fallback) {
        Reader r = new Reader(message);
        while (r.next()) {
            if (r.field() == field && r.wireType() == LENGTH_DELIMITED) {
                return r.stringValue();
            }
        }
        return fallback;
    }
}
