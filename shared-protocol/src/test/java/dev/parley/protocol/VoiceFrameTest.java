package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The binary frame of PROTOCOL.md: {@code [u32 BE H][H bytes JSON header][WAV clip]}, 2 <= H <= 16384. */
class VoiceFrameTest {
    private static final byte[] CLIP = Wav.write(new short[]{1, 2, 3, -4}, 16_000, 1);

    /** A frame with any header length field, header bytes and tail. */
    private static byte[] frame(long headerLength, byte[] header, byte[] tail) {
        return ByteBuffer.allocate(4 + header.length + tail.length).order(ByteOrder.BIG_ENDIAN)
                .putInt((int) headerLength).put(header).put(tail).array();
    }

    private static byte[] frame(String header, byte[] tail) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return frame(h.length, h, tail);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static ProtocolException splitFails(byte[] frame) {
        Throwable t = catchThrowable(() -> VoiceFrame.split(ByteBuffer.wrap(frame)));
        assertThat(t).isInstanceOf(ProtocolException.class);
        return (ProtocolException) t;
    }

    @Test
    void encodeWritesTheHeaderLengthBigEndianThenHeaderThenClip() {
        String header = "{\"type\":\"voice\",\"id\":\"v-1\"}";

        byte[] frame = bytes(VoiceFrame.encode(header, CLIP));

        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0, 0, 0, header.length());
        assertThat(new String(frame, 4, header.length(), StandardCharsets.UTF_8)).isEqualTo(header);
        assertThat(Arrays.copyOfRange(frame, 4 + header.length(), frame.length)).isEqualTo(CLIP);
    }

    @Test
    void headerLengthCountsUtf8BytesNotCharacters() throws Exception {
        String header = "{\"type\":\"voice\",\"id\":\"v-é€😀\"}"; // 2 + 3 + 4 bytes for 3 non-ASCII characters

        ByteBuffer frame = VoiceFrame.encode(header, CLIP);

        assertThat(frame.getInt(0)).isEqualTo(header.getBytes(StandardCharsets.UTF_8).length);
        assertThat(VoiceFrame.split(frame).header().get("id").getAsString()).isEqualTo("v-é€😀");
    }

    @Test
    void roundTripKeepsHeaderAndClipBytes() throws Exception {
        ServerMessage.Voice sent = new ServerMessage.Voice(59, "v-1", "alice", 1_763_900_001_000L, 0, 16_000, 1,
                CLIP.length, false);

        VoiceFrame.Parts parts = VoiceFrame.split(VoiceFrame.encode(ServerCodec.encode(sent), CLIP));

        assertThat(ServerCodec.decode(parts.header())).isEqualTo(sent);
        assertThat(bytes(parts.clip())).isEqualTo(CLIP);
        assertThat(parts.clip().isReadOnly()).isTrue();
        assertThatThrownBy(() -> parts.clip().put(0, (byte) 1)).isInstanceOf(ReadOnlyBufferException.class);
    }

    @Test
    void clientVoiceHeaderRoundTrips() throws Exception {
        ByteBuffer frame = VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice("v-1")), CLIP);

        VoiceFrame.Parts parts = VoiceFrame.split(frame);

        assertThat(parts.header()).isEqualTo(JsonParser.parseString("{\"type\":\"voice\",\"id\":\"v-1\"}"));
        assertThat(ClientCodec.decodeVoiceHeader(parts.header())).isEqualTo(new ClientMessage.Voice("v-1"));
        assertThat(Wav.inspect(parts.clip()).dataLength()).isEqualTo(8);
    }

    @Test
    void splitReadsFromThePositionAndDoesNotMoveIt() throws Exception {
        byte[] inner = frame("{\"type\":\"voice\",\"id\":\"v-2\"}", CLIP);
        ByteBuffer outer = ByteBuffer.wrap(WavBytes.concat(new byte[]{(byte) 0xFF, 0x7F, 1}, inner, new byte[]{42}));
        outer.position(3).limit(3 + inner.length);

        VoiceFrame.Parts parts = VoiceFrame.split(outer);

        assertThat(outer.position()).isEqualTo(3);
        assertThat(outer.limit()).isEqualTo(3 + inner.length);
        assertThat(parts.header().get("id").getAsString()).isEqualTo("v-2");
        assertThat(bytes(parts.clip())).isEqualTo(CLIP);
    }

    @Test
    void headerOfExactly16384BytesIsAccepted() throws Exception {
        String json = "{\"type\":\"voice\",\"id\":\"v-1\"}";
        String padded = json + " ".repeat(Protocol.MAX_VOICE_HEADER_BYTES - json.length());

        VoiceFrame.Parts parts = VoiceFrame.split(ByteBuffer.wrap(frame(padded, CLIP)));

        assertThat(parts.header().get("id").getAsString()).isEqualTo("v-1");
        assertThat(bytes(parts.clip())).isEqualTo(CLIP);
    }

    @Test
    void missingWavPartGivesAnEmptyClipThatInspectRejects() throws Exception {
        VoiceFrame.Parts parts = VoiceFrame.split(ByteBuffer.wrap(frame("{\"type\":\"voice\",\"id\":\"v-1\"}", new byte[0])));

        assertThat(parts.clip().remaining()).isZero();
        assertThatThrownBy(() -> Wav.inspect(parts.clip()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_AUDIO));
    }

    static Stream<Arguments> malformedFrames() {
        byte[] header = "{\"type\":\"voice\",\"id\":\"v-1\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("empty frame", new byte[0]),
                Arguments.of("1 byte", new byte[]{0}),
                Arguments.of("3 bytes", new byte[]{0, 0, 0}),
                Arguments.of("H = 0", frame(0, new byte[0], CLIP)),
                Arguments.of("H = 1", frame(1, new byte[]{'{'}, CLIP)),
                Arguments.of("H = 16385 (bytes present)", frame(16_385, new byte[16_385], CLIP)),
                Arguments.of("H = 0x7FFFFFFF", frame(0x7FFF_FFFFL, header, CLIP)),
                Arguments.of("H = 0x80000000 (negative as int)", frame(0x8000_0000L, header, CLIP)),
                Arguments.of("H = 0xFFFFFFFF", frame(0xFFFF_FFFFL, header, CLIP)),
                Arguments.of("H = 2, frame ends after the length", frame(2, new byte[0], new byte[0])),
                Arguments.of("H one past the end", frame(header.length + 1, header, new byte[0])),
                Arguments.of("H = 16384, frame much shorter", frame(16_384, header, CLIP)),
                Arguments.of("header is a JSON array", frame("[{\"type\":\"voice\"}]", CLIP)),
                Arguments.of("header is a JSON string", frame("\"voice\"", CLIP)),
                Arguments.of("header is a JSON number", frame("42", CLIP)),
                Arguments.of("header is JSON null", frame("null", CLIP)),
                Arguments.of("header JSON cut off", frame("{\"type\":\"voice\",\"id\":\"v-1\"", CLIP)),
                Arguments.of("header JSON malformed", frame("{type:voice}", CLIP)),
                Arguments.of("header with two JSON values", frame("{\"type\":\"voice\"}{}", CLIP)),
                Arguments.of("header is not UTF-8", frame(6, new byte[]{'{', '"', (byte) 0xC3, '"', ':', '}'}, CLIP)),
                Arguments.of("header is only spaces", frame("  ", CLIP)),
                Arguments.of("header {} without type", frame("{}", CLIP)),
                Arguments.of("header type chat", frame("{\"type\":\"chat\",\"id\":\"v-1\"}", CLIP)),
                Arguments.of("header type VOICE", frame("{\"type\":\"VOICE\",\"id\":\"v-1\"}", CLIP)),
                Arguments.of("header type is a number", frame("{\"type\":1,\"id\":\"v-1\"}", CLIP)),
                Arguments.of("header type is an array", frame("{\"type\":[\"voice\"],\"id\":\"v-1\"}", CLIP)),
                Arguments.of("header type is null", frame("{\"type\":null,\"id\":\"v-1\"}", CLIP)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void malformedFramesAreBadFrame(String why, byte[] frame) {
        ProtocolException e = splitFails(frame);

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.closeCode()).isZero();
    }

    @Test
    void headerOfAnotherTypeNamesTheIdAsRef() {
        assertThat(splitFails(frame("{\"type\":\"chat\",\"id\":\"v-9\"}", CLIP)).ref()).isEqualTo("v-9");
    }

    @Test
    void hugeHeaderLengthFailsWithoutAllocating() {
        // 0xFFFFFFFF read as a signed int is -1: the check must be done unsigned, before any allocation.
        ProtocolException e = splitFails(frame(0xFFFF_FFFFL, new byte[0], new byte[0]));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.getMessage()).contains("4294967295");
    }

    @ParameterizedTest(name = "header of {0} bytes")
    @ValueSource(ints = {0, 1, 16_385})
    void encodeRefusesHeaderLengthsThePageForbids(int size) {
        assertThatIllegalArgumentException().isThrownBy(() -> VoiceFrame.encode("x".repeat(size), CLIP));
    }

    @Test
    void encodeTakesTheClipFromItsPositionToItsLimitWithoutMovingIt() {
        ByteBuffer clip = ByteBuffer.wrap(WavBytes.concat(new byte[]{1, 2}, CLIP, new byte[]{3}));
        clip.position(2).limit(2 + CLIP.length);

        byte[] frame = bytes(VoiceFrame.encode("{}", clip));

        assertThat(Arrays.copyOfRange(frame, 6, frame.length)).isEqualTo(CLIP);
        assertThat(clip.position()).isEqualTo(2);
    }
}
