package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.parley.relay.testing.Clips.chunk;
import static dev.parley.relay.testing.Clips.fmt;
import static dev.parley.relay.testing.Clips.pcmBytes;
import static dev.parley.relay.testing.Clips.riff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every row of PROTOCOL.md's error table: the error comes back with its code and {@code ref}, the connection stays
 * open and nothing is stored (the next chat in the room gets seq 1). Also the 64 KiB text frame limit (1009).
 */
class ErrorsIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static final Limits LIMITS = new Limits(10, 100_000, 5_000);
    /** Marks a row whose {@code ref} PROTOCOL.md leaves open (the id itself is what is wrong, or there is no id field). */
    private static final String ANY_REF = "<any>";

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withLimits(LIMITS));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    static Stream<Arguments> textRows() {
        String id65 = "i".repeat(65);
        return Stream.of(
                // bad_frame: text frames that are not one JSON object
                arguments("not JSON", "not json", ErrorCode.BAD_FRAME, null),
                arguments("a JSON array", "[1,2]", ErrorCode.BAD_FRAME, null),
                arguments("a JSON string", "\"chat\"", ErrorCode.BAD_FRAME, null),
                arguments("a JSON number", "42", ErrorCode.BAD_FRAME, null),
                arguments("JSON null", "null", ErrorCode.BAD_FRAME, null),
                arguments("a cut-off object", "{\"type\":\"chat\",\"id\":\"c-1\"", ErrorCode.BAD_FRAME, null),
                arguments("an empty frame", "", ErrorCode.BAD_FRAME, null),
                // bad_request: unknown or missing type
                arguments("an unknown type", "{\"type\":\"dance\"}", ErrorCode.BAD_REQUEST, null),
                arguments("no type", "{\"state\":\"typing\"}", ErrorCode.BAD_REQUEST, null),
                arguments("a type that is not a string", "{\"type\":42}", ErrorCode.BAD_REQUEST, null),
                arguments("voice in a text frame", "{\"type\":\"voice\",\"id\":\"v-1\"}", ErrorCode.BAD_REQUEST, ANY_REF),
                // bad_request: chat fields
                arguments("chat without id", "{\"type\":\"chat\",\"text\":\"hi\"}", ErrorCode.BAD_REQUEST, null),
                arguments("chat with an empty id", "{\"type\":\"chat\",\"id\":\"\",\"text\":\"hi\"}", ErrorCode.BAD_REQUEST, ANY_REF),
                arguments("chat with a 65-character id", "{\"type\":\"chat\",\"id\":\"" + id65 + "\",\"text\":\"hi\"}",
                        ErrorCode.BAD_REQUEST, ANY_REF),
                arguments("chat with a numeric id", "{\"type\":\"chat\",\"id\":7,\"text\":\"hi\"}", ErrorCode.BAD_REQUEST, ANY_REF),
                arguments("chat without text", "{\"type\":\"chat\",\"id\":\"c-1\"}", ErrorCode.BAD_REQUEST, "c-1"),
                arguments("chat with empty text", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"\"}", ErrorCode.BAD_REQUEST, "c-1"),
                arguments("chat with only white space", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\" \\n\\t \"}",
                        ErrorCode.BAD_REQUEST, "c-1"),
                arguments("chat with numeric text", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":5}", ErrorCode.BAD_REQUEST, "c-1"),
                arguments("chat with null text", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":null}", ErrorCode.BAD_REQUEST, "c-1"),
                // bad_request: typing and history fields
                arguments("typing without state", "{\"type\":\"typing\"}", ErrorCode.BAD_REQUEST, null),
                arguments("typing with an unknown state", "{\"type\":\"typing\",\"state\":\"sleeping\"}", ErrorCode.BAD_REQUEST, null),
                arguments("typing state in upper case", "{\"type\":\"typing\",\"state\":\"TYPING\"}", ErrorCode.BAD_REQUEST, null),
                arguments("history without before", "{\"type\":\"history\",\"limit\":5}", ErrorCode.BAD_REQUEST, null),
                arguments("history without limit", "{\"type\":\"history\",\"before\":5}", ErrorCode.BAD_REQUEST, null),
                arguments("history with limit 0", "{\"type\":\"history\",\"before\":5,\"limit\":0}", ErrorCode.BAD_REQUEST, null),
                arguments("history with limit 201", "{\"type\":\"history\",\"before\":5,\"limit\":201}", ErrorCode.BAD_REQUEST, null),
                arguments("history with a string before", "{\"type\":\"history\",\"before\":\"5\",\"limit\":5}",
                        ErrorCode.BAD_REQUEST, null),
                arguments("history with a negative before", "{\"type\":\"history\",\"before\":-1,\"limit\":5}",
                        ErrorCode.BAD_REQUEST, null),
                arguments("a second hello", "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"x\",\"room\":\"lobby\"}",
                        ErrorCode.BAD_REQUEST, null),
                // too_large: text over maxTextChars (10), counted in code points
                arguments("11 characters", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"12345678901\"}", ErrorCode.TOO_LARGE, "c-1"),
                arguments("11 emoji", "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"" + "😀".repeat(11) + "\"}",
                        ErrorCode.TOO_LARGE, "c-1"),
                arguments("a text frame of exactly 64 KiB",
                        chatFrameOfBytes(64 * 1024), ErrorCode.TOO_LARGE, "big"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("textRows")
    void aBadTextFrameIsAnErrorAndNothingIsStored(String comment, String frame, ErrorCode code, String ref) {
        check(c -> c.sendRaw(frame), code, ref);
    }

    static Stream<Arguments> binaryRows() {
        byte[] ok = Clips.ofMillis(100, 8_000, 1);
        byte[] data = pcmBytes(1600);
        return Stream.of(
                // bad_frame: header length or header malformed
                arguments("3 bytes", ByteBuffer.wrap(new byte[]{0, 0, 0}), ErrorCode.BAD_FRAME, null),
                arguments("header length 0", lengthThen(0, ok), ErrorCode.BAD_FRAME, null),
                arguments("header length 1", lengthThen(1, ok), ErrorCode.BAD_FRAME, null),
                arguments("header length 16385", lengthThen(16_385, new byte[20_000]), ErrorCode.BAD_FRAME, null),
                arguments("header length past the end", lengthThen(100, new byte[10]), ErrorCode.BAD_FRAME, null),
                arguments("header length 2^32-1", lengthThen(-1, ok), ErrorCode.BAD_FRAME, null),
                arguments("header not UTF-8", lengthThen(4, new byte[]{'{', (byte) 0xff, (byte) 0xfe, '}'}), ErrorCode.BAD_FRAME, null),
                arguments("header not JSON", VoiceFrame.encode("voice please", ok), ErrorCode.BAD_FRAME, null),
                arguments("header a JSON array", VoiceFrame.encode("[\"voice\"]", ok), ErrorCode.BAD_FRAME, null),
                arguments("header without type", VoiceFrame.encode("{\"id\":\"v-9\"}", ok), ErrorCode.BAD_FRAME, ANY_REF),
                arguments("header of another type", VoiceFrame.encode("{\"type\":\"chat\",\"id\":\"v-9\"}", ok),
                        ErrorCode.BAD_FRAME, ANY_REF),
                // bad_request: header fields
                arguments("voice without id", VoiceFrame.encode("{\"type\":\"voice\"}", ok), ErrorCode.BAD_REQUEST, null),
                arguments("voice with an empty id", VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"\"}", ok), ErrorCode.BAD_REQUEST, ANY_REF),
                arguments("voice with a numeric id", VoiceFrame.encode("{\"type\":\"voice\",\"id\":12}", ok), ErrorCode.BAD_REQUEST, ANY_REF),
                // bad_audio: the clip is not the WAV PROTOCOL.md describes
                arguments("no clip at all", voice(new byte[0]), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("11 bytes", voice(new byte[11]), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("random bytes", voice(pcmBytes(1000)), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("RIFF size says more than present", voice(Clips.riffWithSize(5000, "WAVE",
                        concat(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", data)))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("not WAVE", voice(Clips.riffWithSize(4 + 24 + 8 + data.length, "AVI ",
                        concat(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("data", data)))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("no fmt chunk", voice(riff(chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("no data chunk", voice(riff(chunk("fmt ", fmt(1, 1, 8000, 16)), chunk("LIST", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("fmt chunk of 14 bytes", voice(riff(chunk("fmt ", new byte[14]), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("IEEE float", voice(riff(chunk("fmt ", fmt(3, 1, 8000, 32)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("ADPCM", voice(riff(chunk("fmt ", fmt(2, 1, 8000, 16)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("8-bit PCM", voice(riff(chunk("fmt ", fmt(1, 1, 8000, 8)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("24-bit PCM", voice(riff(chunk("fmt ", fmt(1, 1, 8000, 24)), chunk("data", pcmBytes(1500)))),
                        ErrorCode.BAD_AUDIO, "v-1"),
                arguments("3 channels", voice(riff(chunk("fmt ", fmt(1, 3, 8000, 16)), chunk("data", pcmBytes(1800)))),
                        ErrorCode.BAD_AUDIO, "v-1"),
                arguments("0 channels", voice(riff(chunk("fmt ", fmt(1, 0, 8000, 16)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("7999 Hz", voice(riff(chunk("fmt ", fmt(1, 1, 7999, 16)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("48001 Hz", voice(riff(chunk("fmt ", fmt(1, 1, 48_001, 16)), chunk("data", data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("data chunk longer than the bytes present", voice(riff(chunk("fmt ", fmt(1, 1, 8000, 16)),
                        chunk("data", 4000, data))), ErrorCode.BAD_AUDIO, "v-1"),
                arguments("data not a whole number of stereo frames", voice(riff(chunk("fmt ", fmt(1, 2, 8000, 16)),
                        chunk("data", pcmBytes(1602)))), ErrorCode.BAD_AUDIO, "v-1"),
                // too_large: over maxClipBytes (100,000) but within the frame limit, or over maxClipMillis (5 s)
                arguments("a clip of maxClipBytes + 2", voice(Clips.ofBytes(LIMITS.maxClipBytes() + 2, 48_000)),
                        ErrorCode.TOO_LARGE, "v-1"),
                arguments("a clip of 5.001 s", voice(Clips.pcm(40_008, 8_000, 1)), ErrorCode.TOO_LARGE, "v-1"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("binaryRows")
    void aBadBinaryFrameIsAnErrorAndNothingIsStored(String comment, ByteBuffer frame, ErrorCode code, String ref) {
        check(c -> c.sendRaw(frame.duplicate()), code, ref);
    }

    private void check(java.util.function.Consumer<TestClient> send, ErrorCode code, String ref) {
        String room = "errors-" + ROOMS.incrementAndGet();
        TestClient alice = relay.join("alice", room);
        TestClient bob = relay.join("bob", room);
        alice.awaitNext(ServerMessage.Presence.class);
        send.accept(alice);
        ServerMessage.Error e = alice.awaitNext(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.message()).as("a message for people").isNotBlank();
        if (!ANY_REF.equals(ref)) {
            assertThat(e.ref()).isEqualTo(ref);
        }
        alice.chat("ok", "works");
        Chat echo = alice.awaitNext(Chat.class);
        assertThat(echo.seq()).as("nothing was stored before").isEqualTo(1);
        assertThat(bob.awaitNext(Chat.class)).as("bob got nothing before").isEqualTo(echo);
    }

    @Test
    void textOfExactlyMaxTextCharsCodePointsIsAccepted() {
        TestClient alice = relay.join("alice", "errors-" + ROOMS.incrementAndGet());
        String emoji = "😀".repeat(LIMITS.maxTextChars()); // 20 UTF-16 chars, 10 code points
        alice.chat("e", emoji);
        assertThat(alice.awaitNext(Chat.class).text()).isEqualTo(emoji);
    }

    @Test
    void aTextFrameOverSixtyFourKibClosesWith1009() {
        TestClient alice = relay.join("alice", "errors-" + ROOMS.incrementAndGet());
        alice.sendRaw(chatFrameOfBytes(64 * 1024 + 1));
        assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
    }

    @Test
    void sixtyFourKibAreCountedInUtf8BytesNotCharacters() {
        TestClient alice = relay.join("alice", "errors-" + ROOMS.incrementAndGet());
        String text = "中".repeat(22_000); // 22,000 characters, 66,000 bytes
        alice.sendRaw("{\"type\":\"chat\",\"id\":\"c\",\"text\":\"" + text + "\"}");
        assertThat(alice.awaitClose()).isEqualTo(CloseCodes.TOO_BIG);
    }

    /** A chat text frame of exactly {@code bytes} UTF-8 bytes, id "big". */
    private static String chatFrameOfBytes(int bytes) {
        String prefix = "{\"type\":\"chat\",\"id\":\"big\",\"text\":\"";
        String suffix = "\"}";
        String frame = prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return frame;
    }

    private static ByteBuffer voice(byte[] clip) {
        return VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v-1\"}", clip);
    }

    private static ByteBuffer lengthThen(int headerLength, byte[] rest) {
        return ByteBuffer.allocate(4 + rest.length).putInt(headerLength).put(rest).flip();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
