package dev.parley.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClientCodec#decodeBinary} reads the plain live-chunk header without a JSON tree; whatever it is given, it
 * must answer exactly as the general decoder ({@link VoiceFrame#split} then {@link ClientCodec#decodeBinaryHeader}):
 * the same message and audio, or the same error code, text and ref.
 */
class PlainChunkHeaderTest {
    private static final byte[] AUDIO = {1, 2, 3, 4, 5, 6};

    @Test
    void thePlainFormIsReadWithoutTheGeneralDecoder() throws Exception {
        ByteBuffer frame = frame("{\"type\":\"voice-chunk\",\"id\":\"m-42\",\"n\":1234}");
        assertThat(PlainChunkHeader.read(frame, 4, frame.getInt(0)))
                .isEqualTo(new ClientMessage.VoiceChunk("m-42", 1234));
        ClientCodec.Binary b = ClientCodec.decodeBinary(frame);
        assertThat(b.header()).isEqualTo(new ClientMessage.VoiceChunk("m-42", 1234));
        assertThat(bytes(b.audio())).containsExactly(AUDIO);
        assertThat(b.audio().isReadOnly()).isTrue();
        assertThat(frame.position()).as("the frame's position is not moved").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":0}",
            "{\"type\":\"voice-chunk\",\"id\":\"a b c\",\"n\":999999999999999999}",
            "{\"type\":\"voice-chunk\",\"id\":\"0123456789012345678901234567890123456789012345678901234567890123\",\"n\":7}",
            // not the plain form: left to the general decoder, which decides
            "{\"type\":\"voice-chunk\",\"id\":\"01234567890123456789012345678901234567890123456789012345678901234\",\"n\":7}",
            "{\"type\":\"voice-chunk\",\"id\":\"\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":01}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":-1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1.0}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1e3}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":9999999999999999999}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":92233720368547758070}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":\"1\"}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1 }",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1}}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\\\"b\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\\u0041\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"日本\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1,\"x\":2}",
            "{\"type\":\"voice-chunk\",\"n\":1,\"id\":\"a\"}",
            "{\"type\":\"voice-chunk\", \"id\":\"a\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\"}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"id\":\"b\",\"n\":1}",
            "{\"type\":\"voice\",\"id\":\"a\"}",
            "{\"type\":\"voice-chunky\",\"id\":\"a\",\"n\":1}",
            "{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1}\n",
    })
    void everyHeaderGetsTheGeneralDecodersAnswer(String header) {
        assertSameAnswer(frame(header));
    }

    @Test
    void framesCutShortOrWithABadLengthGetTheGeneralDecodersError() {
        byte[] plain = frame("{\"type\":\"voice-chunk\",\"id\":\"a\",\"n\":1}").array();
        for (int cut = 0; cut < plain.length; cut++) {
            assertSameAnswer(ByteBuffer.wrap(plain, 0, cut).slice());
        }
        for (int length : new int[] {0, 1, 30, 31, 32, 33, 34, 35, Integer.MAX_VALUE, -1}) {
            ByteBuffer f = ByteBuffer.wrap(plain.clone());
            f.putInt(0, length);
            assertSameAnswer(f);
        }
    }

    @Test
    void randomChangesToThePlainFormGetTheGeneralDecodersAnswer() {
        Random random = new Random(20261207);
        byte[] plain = "{\"type\":\"voice-chunk\",\"id\":\"stream-1\",\"n\":4711}".getBytes(StandardCharsets.UTF_8);
        byte[] alphabet = "{}\":,0123456789-.e aAnid\\\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < 20_000; round++) {
            byte[] h = plain.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                h[random.nextInt(h.length)] = alphabet[random.nextInt(alphabet.length)];
            }
            assertSameAnswer(frame(h));
        }
    }

    private static void assertSameAnswer(ByteBuffer frame) {
        String general = answer(() -> {
            VoiceFrame.Parts p = VoiceFrame.split(frame);
            return new ClientCodec.Binary(ClientCodec.decodeBinaryHeader(p.header()), p.clip());
        });
        String fast = answer(() -> ClientCodec.decodeBinary(frame));
        assertThat(fast).as("answer to %s", StandardCharsets.ISO_8859_1.decode(frame.duplicate())).isEqualTo(general);
    }

    private interface Decode {
        ClientCodec.Binary run() throws ProtocolException;
    }

    private static String answer(Decode d) {
        try {
            ClientCodec.Binary b = d.run();
            return b.header() + " audio " + java.util.Arrays.toString(bytes(b.audio())) + " ro " + b.audio().isReadOnly();
        } catch (ProtocolException e) {
            return "error " + e.code() + " " + e.getMessage() + " ref " + e.ref() + " close " + e.closeCode();
        }
    }

    private static ByteBuffer frame(String header) {
        return frame(header.getBytes(StandardCharsets.UTF_8));
    }

    private static ByteBuffer frame(byte[] header) {
        ByteBuffer f = ByteBuffer.allocate(4 + header.length + AUDIO.length);
        f.putInt(header.length).put(header).put(AUDIO).flip();
        return f;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
