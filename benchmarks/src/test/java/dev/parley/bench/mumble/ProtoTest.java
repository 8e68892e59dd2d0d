package dev.parley.bench.mumble;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtoTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void varintsAreSevenBitGroupsLeastSignificantFirst() {
        assertArrayEquals(hex("00"), Proto.varint(0));
        assertArrayEquals(hex("01"), Proto.varint(1));
        assertArrayEquals(hex("7f"), Proto.varint(127));
        assertArrayEquals(hex("80 01"), Proto.varint(128));
        assertArrayEquals(hex("ac 02"), Proto.varint(300)); // the protobuf documentation's example
        assertArrayEquals(hex("84 86 04"), Proto.varint(0x010304)); // Mumble 1.3.4 as a version number
        assertArrayEquals(hex("ff ff ff ff ff ff ff ff ff 01"), Proto.varint(-1)); // uint64 max: ten bytes
    }

    @Test
    void versionMessageHasTheVersionAsField1AndStringsAsLengthDelimitedFields() {
        byte[] version = new Proto.Writer().uint(1, MumbleClient.CLIENT_VERSION).string(2, "x").string(3, "Linux")
                .toByteArray();
        assertArrayEquals(hex("08 84 86 04 12 01 78 1a 05 4c 69 6e 75 78"), version);
    }

    @Test
    void authenticateHasTheUsernameAsField1AndOpusAsField5() {
        byte[] auth = new Proto.Writer().string(1, "bob").bool(5, true).toByteArray();
        assertArrayEquals(hex("0a 03 62 6f 62 28 01"), auth);
    }

    @Test
    void stringsAreUtf8WithTheirByteLength() {
        assertArrayEquals(hex("0a 02 c3 a9"), new Proto.Writer().string(1, "é").toByteArray());
    }

    @Test
    void readsTheSessionOutOfAServerSyncAndSkipsWhatItDoesNotKnow() {
        // session 42, max_bandwidth 72000, welcome_text "hi", a fixed32 field 8 and a fixed64 field 9 in between
        byte[] sync = hex("08 2a 10 c0 b2 04 45 00 00 80 3f 49 01 02 03 04 05 06 07 08 1a 02 68 69");
        assertEquals(42, Proto.uintField(sync, 1, -1));
        assertEquals(72000, Proto.uintField(sync, 2, -1));
        assertEquals("hi", Proto.stringField(sync, 3, null));
        assertEquals(-1, Proto.uintField(sync, 4, -1));
    }

    @Test
    void readsARejectsTypeAndReason() {
        byte[] reject = hex("08 05 12 05 68 65 6c 6c 6f");
        assertEquals(5, Proto.uintField(reject, 1, 0));
        assertEquals("hello", Proto.stringField(reject, 2, null));
    }

    @Test
    void readerWalksEveryField() {
        Proto.Reader r = new Proto.Reader(hex("08 96 01 12 01 41"));
        assertTrue(r.next());
        assertEquals(1, r.field());
        assertEquals(Proto.VARINT, r.wireType());
        assertEquals(150, r.varintValue());
        assertTrue(r.next());
        assertEquals(2, r.field());
        assertEquals(Proto.LENGTH_DELIMITED, r.wireType());
        assertArrayEquals(new byte[] {0x41}, r.bytesValue());
        assertFalse(r.next());
    }

    @Test
    void truncatedInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Proto.Reader(hex("08 96")).next());
        assertThrows(IllegalArgumentException.class, () -> new Proto.Reader(hex("12 05 41")).next());
        assertThrows(IllegalArgumentException.class, () -> new Proto.Reader(hex("45 00 00")).next());
    }

    @Test
    void roundTripsLargeNumbers() {
        for (long v : new long[] {0, 1, 127, 128, 16383, 16384, Integer.MAX_VALUE, 1L << 35, Long.MAX_VALUE, -1}) {
            byte[] msg = new Proto.Writer().uint(3, v).toByteArray();
            assertEquals(v, Proto.uintField(msg, 3, 42), () -> "value " + v);
        }
    }
}
