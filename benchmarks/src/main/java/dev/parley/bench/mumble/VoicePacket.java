package dev.parley.bench.mumble;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Mumble 1.3's legacy voice packet, the one carried in UDP datagrams and, unchanged, as the body of a TCP
 * {@code UDPTunnel} message (type 1) when a client has no UDP path.
 *
 * <p>From a client: one header byte ({@code codec << 5 | target}; Opus is codec 4, target 0 is "the channel I am in"),
 * the sequence number, then per Opus frame its length with bit {@code 0x2000} set on the last frame of a transmission,
 * then the frame's bytes (then optional positional data, which this client never sends). The server relays the packet
 * with the sender's session number inserted after the header byte and the rest copied unchanged
 * ({@code Server::processMsg} in murmur 1.3.4).
 *
 * <p>Numbers in it use Mumble's own variable-length integer ({@code PacketDataStream}), not protobuf's: big-endian,
 * with the length in the first byte's prefix: {@code 0xxxxxxx} (7 bits), {@code 10xxxxxx}+1 byte (14 bits),
 * {@code 110xxxxx}+2 (21 bits), {@code 1110xxxx}+3 (28 bits), {@code 111100__}+4 (32 bits), {@code 111101__}+8 (64
 * bits); {@code 111110__} then a varint is its bitwise complement, {@code 111111xx} is ~xx (-1 .. -4).
 */
final class VoicePacket {
    /** UDPMessageType of Opus voice (CELT alpha 0, ping 1, Speex 2, CELT beta 3, Opus 4). */
    static final int OPUS = 4;
    /** Set in an Opus frame's length on the last frame of a transmission. */
    static final int TERMINATOR = 0x2000;
    /** The largest Opus frame length the 13 low bits can carry. */
    static final int MAX_OPUS_BYTES = 0x1FFF;

    private VoicePacket() {
    }

    /** A relayed packet, as a listener reads it. */
    record Relayed(int codec, int target, long session, long sequence, int opusLength, boolean last, int opusOffset) {
    }

    /** A client's Opus packet for the channel it is in (target 0) holding one frame. */
    static byte[] fromClient(long sequence, byte[] opus, boolean last) {
        if (opus.length > MAX_OPUS_BYTES) {
            throw new IllegalArgumentException("an Opus frame holds at most " + MAX_OPUS_BYTES + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(opus.length + 8);
        out.write(OPUS << 5);
        writeVarint(out, sequence);
        writeVarint(out, opus.length | (last ? TERMINATOR : 0));
        out.writeBytes(opus);
        return out.toByteArray();
    }

    /** What the server sends listeners for a client packet: header byte (target 0), session, the rest unchanged. */
    static byte[] relayedCopy(long session, byte[] clientPacket) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(clientPacket.length + 5);
        out.write(clientPacket[0] & 0xE0);
        writeVarint(out, session);
        out.write(clientPacket, 1, clientPacket.length - 1);
        return out.toByteArray();
    }

    /** Parses a relayed Opus packet's header (the frame itself stays in place at {@link Relayed#opusOffset()}). */
    static Relayed parseRelayed(byte[] packet) {
        if (packet.length < 1) {
            throw new IllegalArgumentException("empty voice packet");
        }
        int codec = (packet[0] & 0xFF) >>> 5;
        int target = packet[0] & 0x1F;
        int[] pos = {1};
        long session = readVarint(packet, pos);
        long sequence = readVarint(packet, pos);
        if (codec != OPUS) {
            return new Relayed(codec, target, session, sequence, -1, false, pos[0]);
        }
        long size = readVarint(packet, pos);
        int length = (int) (size & MAX_OPUS_BYTES);
        if (length > packet.length - pos[0]) {
            throw new IllegalArgumentException("Opus length " + length + " beyond the packet's end");
        }
        return new Relayed(codec, target, session, sequence, length, (size & TERMINATOR) != 0, pos[0]);
    }

    /**
     * Stand-in for an encoded Opus frame: {@code length} bytes that differ from sequence to sequence and that anyone
     * can recompute from {@code (seed, sequence)}, so a listener checks what it got without shared state.
     */
    static byte[] syntheticOpus(long seed, long sequence, int length) {
        byte[] b = new byte[length];
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence);
        for (int i = 0; i < length; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    /** Appends a non-negative number in Mumble's variable-length integer encoding. */
    static void writeVarint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("only non-negative numbers are written: " + value);
        }
        if (value < 0x80) {
            out.write((int) value);
        } else if (value < 0x4000) {
            out.write((int) (value >>> 8) | 0x80);
            out.write((int) value & 0xFF);
        } else if (value < 0x200000) {
            out.write((int) (value >>> 16) | 0xC0);
            out.write((int) (value >>> 8) & 0xFF);
            out.write((int) value & 0xFF);
        } else if (value < 0x10000000) {
            out.write((int) (value >>> 24) | 0xE0);
            out.write((int) (value >>> 16) & 0xFF);
            out.write((int) (value >>> 8) & 0xFF);
            out.write((int) value & 0xFF);
        } else if (value < 0x100000000L) {
            out.write(0xF0);
            bigEndian(out, value, 4);
        } else {
            out.write(0xF4);
            bigEndian(out, value, 8);
        }
    }

    static byte[] varint(long value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(9);
        writeVarint(out, value);
        return out.toByteArray();
    }

    /** Reads one Mumble varint at {@code pos[0]} and advances it. */
    static long readVarint(byte[] b, int[] pos) {
        int v = next(b, pos);
        if ((v & 0x80) == 0x00) {
            return v & 0x7F;
        } else if ((v & 0xC0) == 0x80) {
            return ((long) (v & 0x3F) << 8) | next(b, pos);
        } else if ((v & 0xF0) == 0xF0) {
            switch (v & 0xFC) {
                case 0xF0:
                    return readBigEndian(b, pos, 4);
                case 0xF4:
                    return readBigEndian(b, pos, 8);
                case 0xF8:
                    return ~readVarint(b, pos);
                case 0xFC:
                    return ~(long) (v & 0x03);
                default:
                    throw new IllegalStateException("unreachable");
            }
        } else if ((v & 0xF0) == 0xE0) {
            return ((long) (v & 0x0F) << 24) | readBigEndian(b, pos, 3);
        } else { // 110xxxxx
            return ((long) (v & 0x1F) << 16) | readBigEndian(b, pos, 2);
        }
    }

    private static void bigEndian(ByteArrayOutputStream out, long value, int bytes) {
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift) & 0xFF);
        }
    }

    private static long readBigEndian(byte[] b, int[] pos, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v = (v << 8) | next(b, pos);
        }
        return v;
    }

    private static int next(byte[] b, int[] pos) {
        if (pos[0] >= b.length) {
            throw new IllegalArgumentException("voice packet ends inside a number");
        }
        return b[pos[0]++] & 0xFF;
    }
}
