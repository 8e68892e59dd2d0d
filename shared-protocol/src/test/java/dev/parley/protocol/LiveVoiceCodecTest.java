package dev.parley.protocol;

import static dev.parley.protocol.Json.failure;
import static dev.parley.protocol.Json.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Version 2's live-voice messages, both directions: PROTOCOL.md's examples, round trips and hostile input. */
class LiveVoiceCodecTest {
    private static final String START = "{\"type\":\"voice-start\",\"id\":\"v-7\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}";
    private static final String CHUNK = "{\"type\":\"voice-chunk\",\"id\":\"v-7\",\"n\":0}";

    private static ClientMessage decode(String json) throws ProtocolException {
        return ClientCodec.decode(json, Limits.DEFAULTS);
    }

    private static ClientMessage decodeChunk(String json) throws ProtocolException {
        return ClientCodec.decodeBinaryHeader(VoiceFrame.split(VoiceFrame.encode(json, new byte[2])).header());
    }

    static Stream<Arguments> clientExamples() {
        return Stream.of(
                Arguments.of(START, new ClientMessage.VoiceStart("v-7", VoiceCodec.PCM16, 16000, 1)),
                Arguments.of("{\"type\":\"voice-start\",\"id\":\"s\",\"codec\":\"pcm16\",\"sampleRate\":48000,\"channels\":2}",
                        new ClientMessage.VoiceStart("s", VoiceCodec.PCM16, 48000, 2)),
                Arguments.of("{\"type\":\"voice-end\",\"id\":\"v-7\"}", new ClientMessage.VoiceEnd("v-7")),
                Arguments.of("{\"type\":\"voice-cancel\",\"id\":\"v-7\"}", new ClientMessage.VoiceCancel("v-7")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clientExamples")
    void clientTextMessagesDecodeAndEncodeBack(String json, ClientMessage expected) throws Exception {
        assertThat(decode(json)).isEqualTo(expected);
        assertThat(Json.object(ClientCodec.encode(expected))).isEqualTo(Json.object(json));
    }

    @Test
    void aChunkHeaderTravelsInABinaryFrameAndEncodesBack() throws Exception {
        byte[] pcm = {1, 2, 3, 4};
        VoiceFrame.Parts parts = VoiceFrame.split(VoiceFrame.encode(CHUNK, pcm));

        assertThat(ClientCodec.decodeBinaryHeader(parts.header())).isEqualTo(new ClientMessage.VoiceChunk("v-7", 0));
        assertThat(parts.clip()).isEqualTo(ByteBuffer.wrap(pcm));
        assertThat(Json.object(ClientCodec.encode(new ClientMessage.VoiceChunk("v-7", 41))))
                .isEqualTo(Json.object(with(CHUNK, "n", "41")));
    }

    @Test
    void aWholeClipHeaderStillDecodesAsVoice() throws Exception {
        assertThat(decodeChunk("{\"type\":\"voice\",\"id\":\"v-1\"}")).isEqualTo(new ClientMessage.Voice("v-1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "voice-chunk",    // a chunk's header must be a binary frame's
            "voice",          // as in version 1
    })
    void binaryTypesInATextFrameAreBadRequests(String type) {
        ProtocolException e = failure(() -> decode(with(CHUNK, "type", "\"" + type + "\"")));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.getMessage()).isEqualTo(type + " travels in a binary frame");
        assertThat(e.ref()).isEqualTo("v-7");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "id         | ABSENT             | BAD_REQUEST | ",         // no id at all: no ref
            "id         | \"\"               | BAD_REQUEST | ''",       // an id too short, still the ref
            "id         | 7                  | BAD_REQUEST | ",         // not a string
            "codec      | ABSENT             | BAD_REQUEST | v-7",      // codec is required
            "codec      | 1                  | BAD_REQUEST | v-7",      // not a string
            "codec      | \"opus\"           | BAD_AUDIO   | v-7",      // a codec this relay does not accept (yet)
            "codec      | \"PCM16\"          | BAD_AUDIO   | v-7",      // codec names are exact
            "sampleRate | ABSENT             | BAD_REQUEST | v-7",
            "sampleRate | 16000.5            | BAD_REQUEST | v-7",      // a fraction
            "sampleRate | \"16000\"          | BAD_REQUEST | v-7",      // a string
            "sampleRate | 7999               | BAD_AUDIO   | v-7",      // below 8 kHz
            "sampleRate | 48001              | BAD_AUDIO   | v-7",      // above 48 kHz
            "sampleRate | 4294983296         | BAD_AUDIO   | v-7",      // 16000 + 2^32: refused, never wrapped
            "channels   | 0                  | BAD_AUDIO   | v-7",
            "channels   | 3                  | BAD_AUDIO   | v-7",
            "channels   | ABSENT             | BAD_REQUEST | v-7",
            "channels   | true               | BAD_REQUEST | v-7",
    })
    void badVoiceStartsAreRefusedWithTheirId(String field, String rawValue, ErrorCode code, String ref) {
        ProtocolException e = failure(() -> decode(with(START, field, rawValue)));

        assertThat(e.code()).isEqualTo(code);
        assertThat(e.ref()).isEqualTo(ref);
        assertThat(e.closeCode()).isZero();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "n  | ABSENT    | v-7",      // n is required
            "n  | -1        | v-7",      // counts from 0
            "n  | 1.5       | v-7",      // a fraction
            "n  | \"0\"     | v-7",      // a string
            "n  | 1e400     | v-7",      // beyond any integer
            "id | ABSENT    | ",
            "id | [\"v-7\"] | ",         // not a string: no ref
    })
    void badChunkHeadersAreBadRequestsWithTheirId(String field, String rawValue, String ref) {
        ProtocolException e = failure(() -> decodeChunk(with(CHUNK, field, rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo(ref);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "voice-end",
            "voice-cancel",
    })
    void endAndCancelNeedAValidId(String type) {
        String tooLong = "x".repeat(Protocol.MAX_ID_CHARS + 1);
        ProtocolException missing = failure(() -> decode("{\"type\":\"" + type + "\"}"));
        ProtocolException longId = failure(() -> decode("{\"type\":\"" + type + "\",\"id\":\"" + tooLong + "\"}"));

        assertThat(missing.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(missing.ref()).isNull();
        assertThat(longId.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(longId.ref()).isEqualTo(tooLong);
    }

    @Test
    void aBinaryFrameOfAnotherTypeIsABadFrame() {
        ProtocolException e = failure(() -> VoiceFrame.split(VoiceFrame.encode(
                "{\"type\":\"voice-start\",\"id\":\"v-7\"}", new byte[2])));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.ref()).isEqualTo("v-7");
    }

    // ---------------------------------------------------------------- relay -> client

    static Stream<Arguments> serverExamples() {
        return Stream.of(
                Arguments.of("{\"type\":\"voice-start\",\"id\":\"v-7\",\"from\":\"alice\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1,\"startMs\":0}",
                        new ServerMessage.VoiceStart("v-7", "alice", VoiceCodec.PCM16, 16000, 1, 0)),
                Arguments.of("{\"type\":\"voice-start\",\"id\":\"v-7\",\"from\":\"alice\",\"codec\":\"pcm16\",\"sampleRate\":8000,\"channels\":2,\"startMs\":1240}",
                        new ServerMessage.VoiceStart("v-7", "alice", VoiceCodec.PCM16, 8000, 2, 1240)),
                Arguments.of("{\"type\":\"voice-chunk\",\"id\":\"v-7\",\"from\":\"alice\",\"n\":12}",
                        new ServerMessage.VoiceChunk("v-7", "alice", 12)),
                Arguments.of("{\"type\":\"voice-abort\",\"id\":\"v-7\",\"from\":\"alice\",\"reason\":\"interrupted\"}",
                        new ServerMessage.VoiceAbort("v-7", "alice", AbortReason.INTERRUPTED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serverExamples")
    void serverMessagesDecodeAndEncodeBack(String json, ServerMessage expected) throws Exception {
        assertThat(ServerCodec.decode(json)).isEqualTo(expected);
        assertThat(Json.object(ServerCodec.encode(expected))).isEqualTo(Json.object(json));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AbortReason.class)
    void everyAbortReasonRoundTrips(AbortReason reason) throws Exception {
        ServerMessage.VoiceAbort abort = new ServerMessage.VoiceAbort("v-1", "bob", reason);

        assertThat(ServerCodec.decode(ServerCodec.encode(abort))).isEqualTo(abort);
        assertThat(AbortReason.fromWire(reason.wire())).contains(reason);
    }

    @ParameterizedTest(name = "reason {0}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "\"lost-in-space\"",   // a reason a later relay may add
            "ABSENT",              // no reason at all
    })
    void anUnknownOrMissingAbortReasonReadsAsInterrupted(String rawReason) throws Exception {
        String json = with("{\"type\":\"voice-abort\",\"id\":\"v-7\",\"from\":\"alice\",\"reason\":\"timeout\"}",
                "reason", rawReason);

        assertThat(((ServerMessage.VoiceAbort) ServerCodec.decode(json)).reason()).isEqualTo(AbortReason.INTERRUPTED);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', nullValues = "ABSENT", value = {
            "codec   | \"opus\"",   // a codec this client does not know: the stream is not one it can play
            "startMs | -1",
            "startMs | ABSENT",
            "from    | ABSENT",
    })
    void badServerVoiceStartsAreRefused(String field, String rawValue) {
        String json = "{\"type\":\"voice-start\",\"id\":\"v-7\",\"from\":\"alice\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1,\"startMs\":0}";

        assertThat(failure(() -> ServerCodec.decode(with(json, field, rawValue))).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aForwardedChunkSplitsIntoItsHeaderAndPcm() throws Exception {
        String header = ServerCodec.encode(new ServerMessage.VoiceChunk("v-7", "alice", 3));
        byte[] pcm = "0123456789".getBytes(StandardCharsets.US_ASCII);
        VoiceFrame.Parts parts = VoiceFrame.split(VoiceFrame.encode(header, pcm));

        assertThat(ServerCodec.decode(parts.header())).isEqualTo(new ServerMessage.VoiceChunk("v-7", "alice", 3));
        assertThat(parts.clip()).isEqualTo(ByteBuffer.wrap(pcm));
    }

    @Test
    void codecsHaveTheirWireNames() {
        assertThat(VoiceCodec.PCM16.wire()).isEqualTo("pcm16");
        assertThat(VoiceCodec.fromWire("pcm16")).contains(VoiceCodec.PCM16);
        assertThat(VoiceCodec.fromWire("opus")).isEmpty();
    }
}
