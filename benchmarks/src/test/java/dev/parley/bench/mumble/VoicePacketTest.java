package dev.parley.bench.mumble;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoicePacketTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static long read(String hex) {
        byte[] b = hex(hex);
        int[] pos = {0};
        long v = VoicePacket.readVarint(b, pos);
        assertEquals(b.length, pos[0], "consumed every byte of " + hex);
        return v;
    }

    @Test
    void mumbleVarintsPutTheirLengthInTheFirstBytesPrefix() {
        String[][] cases = {
                {"0", "00"}, {"127", "7f"}, {"128", "80 80"}, {"16383", "bf ff"}, {"16384", "c0 40 00"},
                {"2097151", "df ff ff"}, {"2097152", "e0 20 00 00"}, {"268435455", "ef ff ff ff"},
                {"268435456", "f0 10 00 00 00"}, {"4294967295", "f0 ff ff ff ff"},
                {"4294967296", "f4 00 00 00 01 00 00 00 00"}};
        for (String[] c : cases) {
            long v = Long.parseLong(c[0]);
            assertArrayEquals(hex(c[1]), VoicePacket.varint(v), () -> "encoding " + v);
            assertEquals(v, read(c[1]), () -> "decoding " + c[1]);
        }
    }

    @Test
    void negativeMumbleVarintsDecode() {
        assertEquals(-1, read("fc"));
        assertEquals(-4, read("ff"));
        assertEquals(~5L, read("f8 05"));
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.varint(-1));
    }

    @Test
    void aClientPacketIsHeaderSequenceLengthAndFrame() {
        byte[] opus = {1, 2, 3};
        // Opus (4) << 5 | target 0 = 0x80; sequence 5; length 3
        assertArrayEquals(hex("80 05 03 01 02 03"), VoicePacket.fromClient(5, opus, false));
        // the last frame of a transmission: length | 0x2000, two bytes in Mumble's varint
        assertArrayEquals(hex("80 05 a0 03 01 02 03"), VoicePacket.fromClient(5, opus, true));
        // sequence 200 needs two bytes
        assertArrayEquals(hex("80 80 c8 03 01 02 03"), VoicePacket.fromClient(200, opus, false));
    }

    @Test
    void a79ByteFrameMakesAn82Or83BytePacket() {
        byte[] opus = VoicePacket.syntheticOpus(1, 7, 79);
        byte[] p = VoicePacket.fromClient(7, opus, false);
        assertEquals(82, p.length);
        assertEquals(0x4f, p[2]);
        byte[] last = VoicePacket.fromClient(7, opus, true);
        assertEquals(83, last.length);
        assertArrayEquals(hex("a0 4f"), Arrays.copyOfRange(last, 2, 4));
        assertArrayEquals(opus, Arrays.copyOfRange(last, 4, 83));
    }

    @Test
    void theServerInsertsTheSendersSessionAfterTheHeader() {
        byte[] client = VoicePacket.fromClient(5, new byte[] {9, 8}, true);
        assertArrayEquals(hex("80 03 05 a0 02 09 08"), VoicePacket.relayedCopy(3, client));
        assertArrayEquals(hex("80 80 c8 05 a0 02 09 08"), VoicePacket.relayedCopy(200, client));
    }

    @Test
    void parsesARelayedPacket() {
        byte[] opus = VoicePacket.syntheticOpus(1, 300, 79);
        byte[] relayed = VoicePacket.relayedCopy(12, VoicePacket.fromClient(300, opus, true));
        VoicePacket.Relayed r = VoicePacket.parseRelayed(relayed);
        assertEquals(VoicePacket.OPUS, r.codec());
        assertEquals(0, r.target());
        assertEquals(12, r.session());
        assertEquals(300, r.sequence());
        assertEquals(79, r.opusLength());
        assertTrue(r.last());
        assertArrayEquals(opus, Arrays.copyOfRange(relayed, r.opusOffset(), r.opusOffset() + r.opusLength()));
        assertFalse(VoicePacket.parseRelayed(VoicePacket.relayedCopy(12, VoicePacket.fromClient(301, opus, false)))
                .last());
    }

    @Test
    void refusesPacketsThatEndEarly() {
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.parseRelayed(hex("80 03 05 a0 4f 01")));
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.parseRelayed(hex("80 80")));
        assertThrows(IllegalArgumentException.class, () -> VoicePacket.fromClient(1, new byte[0x2000], false));
    }

    @Test
    void syntheticFramesAreReproducibleAndDifferFromPacketToPacket() {
        assertArrayEquals(VoicePacket.syntheticOpus(3, 10, 79), VoicePacket.syntheticOpus(3, 10, 79));
        assertFalse(Arrays.equals(VoicePacket.syntheticOpus(3, 10, 79), VoicePacket.syntheticOpus(3, 11, 79)));
        assertFalse(Arrays.equals(VoicePacket.syntheticOpus(3, 10, 79), VoicePacket.syntheticOpus(4, 10, 79)));
    }
}
