package dev.parley.relay.core;

import dev.parley.protocol.VoiceFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shared frame is one payload, copied once, that every receiver reads through a read-only view of its own. */
class SharedFrameTest {
    @ParameterizedTest(name = "{0} payload bytes")
    @ValueSource(ints = {0, 1, 1024, 1025, 65536, 320_044})
    void aBinaryFrameHoldsACopyOfItsBytesOnOrOffTheHeapBySize(int length) {
        byte[] bytes = pattern(length, 31, 7);
        ByteBuffer source = ByteBuffer.wrap(bytes);

        SharedFrame frame = SharedFrame.binary(source);
        if (length > 0) {
            bytes[0] ^= 1; // the frame owns its copy: changing the source afterwards changes nothing
        }

        assertThat(frame.isText()).isFalse();
        assertThat(frame.payloadBytes()).isEqualTo(length);
        assertThat(source.remaining()).as("the source's position is kept").isEqualTo(length);
        assertThat(read(frame.payload())).isEqualTo(pattern(length, 31, 7));
        assertThat(frame.payload().isDirect()).as("outside the heap only above the encoder's copy threshold")
                .isEqualTo(length > SharedFrame.DIRECT_THRESHOLD);
    }

    @Test
    void everyReceiverGetsAReadOnlyViewOfItsOwn() {
        SharedFrame frame = SharedFrame.binary(ByteBuffer.wrap(pattern(5000, 3, 1)));
        ByteBuffer first = frame.payload();
        first.get(new byte[100]);

        assertThat(frame.payload().position()).as("one receiver reading does not move another's view").isZero();
        assertThat(frame.payload().remaining()).isEqualTo(5000);
        assertThatThrownBy(() -> frame.payload().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {1, 200, 40_000})
    void aTextFrameCarriesTheJsonAsUtf8(int chars) {
        String json = "{\"t\":\"" + "é".repeat(chars) + "\"}";
        SharedFrame frame = SharedFrame.text(json);
        assertThat(frame.isText()).isTrue();
        assertThat(frame.text()).isEqualTo(json);
        assertThat(read(frame.payload())).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(frame.payloadBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest(name = "{0} audio bytes")
    @ValueSource(ints = {0, 640, 65_000, 320_044})
    void aVoiceFrameBuiltInPlaceIsTheVoiceFrameOfItsHeaderAndAudio(int length) {
        byte[] audio = pattern(length, 17, 3);
        String header = "{\"type\":\"voice-chunk\",\"id\":\"v-1\",\"from\":\"alice\",\"n\":7}";
        ByteBuffer slice = ByteBuffer.allocate(length + 10).position(5).slice().put(audio).flip();

        SharedFrame inPlace = SharedFrame.voice(header, slice);

        assertThat(read(inPlace.payload())).isEqualTo(VoiceFrame.encode(header, audio).array());
        assertThat(inPlace.isText()).isFalse();
        assertThat(slice.remaining()).as("the audio's position is kept").isEqualTo(length);
    }

    private static byte[] pattern(int length, int a, int b) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * a + b);
        }
        return bytes;
    }

    private static byte[] read(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }
}
