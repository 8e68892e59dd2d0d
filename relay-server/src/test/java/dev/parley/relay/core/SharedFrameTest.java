package dev.parley.relay.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A shared frame is the exact RFC 6455 server frame (FIN, opcode, the shortest length form, no mask) of its payload. */
class SharedFrameTest {
    @ParameterizedTest(name = "{0} payload bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 320_044})
    void aBinaryFrameIsItsHeaderAndItsPayloadAndNothingElse(int length) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        SharedFrame frame = SharedFrame.binary(ByteBuffer.wrap(payload));
        ByteBuffer wire = frame.wire();
        assertThat(wire.get() & 0xff).as("FIN + binary").isEqualTo(0x82);
        int len7 = wire.get() & 0xff;
        assertThat(len7 & 0x80).as("a server frame is not masked").isZero();
        long declared = len7 < 126 ? len7 : len7 == 126 ? wire.getShort() & 0xffff : wire.getLong();
        assertThat(declared).isEqualTo(length);
        assertThat(len7).as("the shortest length form").isEqualTo(length < 126 ? length : length <= 0xFFFF ? 126 : 127);
        byte[] rest = new byte[wire.remaining()];
        wire.get(rest);
        assertThat(rest).isEqualTo(payload);
        assertThat(frame.payloadBytes()).isEqualTo(length);
        assertThat(frame.wireBytes()).isEqualTo(frame.wire().remaining());
        byte[] view = new byte[frame.payload().remaining()];
        frame.payload().get(view);
        assertThat(view).isEqualTo(payload);
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {1, 200, 40_000})
    void aTextFrameCarriesTheJsonAsUtf8(int chars) {
        String json = "{\"t\":\"" + "é".repeat(chars) + "\"}";
        SharedFrame frame = SharedFrame.text(json);
        ByteBuffer wire = frame.wire();
        assertThat(wire.get() & 0xff).as("FIN + text").isEqualTo(0x81);
        assertThat(frame.isText()).isTrue();
        assertThat(frame.text()).isEqualTo(json);
        assertThat(frame.payloadBytes()).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest(name = "{0} audio bytes")
    @ValueSource(ints = {0, 640, 65_000, 320_044})
    void aVoiceFrameBuiltInPlaceIsTheBinaryFrameOfTheVoiceFrame(int length) {
        byte[] audio = new byte[length];
        for (int i = 0; i < length; i++) {
            audio[i] = (byte) (i * 17 + 3);
        }
        String header = "{\"type\":\"voice-chunk\",\"id\":\"v-1\",\"from\":\"alice\",\"n\":7}";
        ByteBuffer slice = ByteBuffer.allocate(length + 10).position(5).slice().put(audio).flip();

        SharedFrame inPlace = SharedFrame.voice(header, slice);

        SharedFrame twoCopies = SharedFrame.binary(dev.parley.protocol.VoiceFrame.encode(header, audio));
        assertThat(inPlace.wire()).isEqualTo(twoCopies.wire());
        assertThat(inPlace.isText()).isFalse();
        assertThat(slice.remaining()).as("the audio's position is kept").isEqualTo(length);
    }
}
