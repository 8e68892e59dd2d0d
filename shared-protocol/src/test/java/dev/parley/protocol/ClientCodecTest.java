package dev.parley.protocol;

import static dev.parley.protocol.Json.failure;
import static dev.parley.protocol.Json.str;
import static dev.parley.protocol.Json.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code chat}, {@code typing}, {@code history}, {@code played} and the voice header as a client sends them. */
class ClientCodecTest {
    private static final String CHAT = "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hello\"}";
    private static final String HISTORY = "{\"type\":\"history\",\"before\":120,\"limit\":50}";
    private static final String PLAYED = "{\"type\":\"played\",\"seq\":57}";

    private static ClientMessage decode(String json) throws ProtocolException {
        return ClientCodec.decode(json, Limits.DEFAULTS);
    }

    static Stream<Arguments> pageExamples() {
        return Stream.of(
                Arguments.of(CHAT, new ClientMessage.Chat("c-1", "hello")),
                Arguments.of("{\"type\":\"typing\",\"state\":\"typing\"}", new ClientMessage.Typing(TypingState.TYPING)),
                Arguments.of("{\"type\":\"typing\",\"state\":\"recording\"}", new ClientMessage.Typing(TypingState.RECORDING)),
                Arguments.of("{\"type\":\"typing\",\"state\":\"idle\"}", new ClientMessage.Typing(TypingState.IDLE)),
                Arguments.of(HISTORY, new ClientMessage.History(120, 50)),
                Arguments.of(PLAYED, new ClientMessage.Played(57)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageExamples")
    void pageExamplesDecodeAndEncodeBackToTheSameJson(String json, ClientMessage expected) throws Exception {
        assertThat(decode(json)).isEqualTo(expected);
        assertThat(Json.object(ClientCodec.encode(expected))).isEqualTo(Json.object(json));
    }

    @Test
    void voiceHeaderDecodesAndEncodesBack() throws Exception {
        String json = "{\"type\":\"voice\",\"id\":\"v-1\"}";

        assertThat(ClientCodec.decodeVoiceHeader(Json.object(json))).isEqualTo(new ClientMessage.Voice("v-1"));
        assertThat(Json.object(ClientCodec.encode(new ClientMessage.Voice("v-1")))).isEqualTo(Json.object(json));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {
            "two\nlines",                       // newlines kept
            "  padded  ",                       // surrounding spaces kept
            "quote \" backslash \\ slash /",    // JSON escapes
            "</script><b>&amp;",                // markup passes through unchanged
            "emoji 😀 and 中文 and \u2028",       // non-ASCII, including a JS line separator
    })
    void chatTextRoundTripsUnchanged(String text) throws Exception {
        ClientMessage.Chat chat = new ClientMessage.Chat("c-9", text);

        assertThat(decode(ClientCodec.encode(chat))).isEqualTo(chat);
    }

    // ---------------------------------------------------------------- chat text length (Limits)

    @Test
    void textOfExactlyMaxTextCharsIsAccepted() throws Exception {
        String text = "x".repeat(Limits.DEFAULTS.maxTextChars());

        assertThat(decode(with(CHAT, "text", str(text)))).isEqualTo(new ClientMessage.Chat("c-1", text));
    }

    @Test
    void textLengthCountsCharactersNotUtf16Units() throws Exception {
        String text = "😀".repeat(Limits.DEFAULTS.maxTextChars()); // 8000 UTF-16 units, 4000 characters

        assertThat(((ClientMessage.Chat) decode(with(CHAT, "text", str(text)))).text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x", "😀"})
    void textOverMaxTextCharsIsTooLargeWithRef(String unit) {
        String text = unit.repeat(Limits.DEFAULTS.maxTextChars() + 1);

        ProtocolException e = failure(() -> decode(with(CHAT, "text", str(text))));

        assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
        assertThat(e.ref()).isEqualTo("c-1");
        assertThat(e.closeCode()).isZero();
    }

    @Test
    void textLimitComesFromTheLimitsPassedIn() throws Exception {
        Limits small = new Limits(5, 1024, 1000);

        assertThat(ClientCodec.decode(with(CHAT, "text", "\"12345\""), small)).isNotNull();
        assertThat(failure(() -> ClientCodec.decode(with(CHAT, "text", "\"123456\""), small)).code())
                .isEqualTo(ErrorCode.TOO_LARGE);
    }

    // ---------------------------------------------------------------- chat rejections

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // field | JSON value (absent = remove)              | expected ref
            "text    |                                            | c-1",   // missing text
            "text    | null                                       | c-1",   // null text
            "text    | 5                                          | c-1",   // text a number
            "text    | [\"hi\"]                                   | c-1",   // text an array
            "text    | \"\"                                       | c-1",   // empty text
            "text    | \" \"                                      | c-1",   // a space
            "text    | \" \\t\\r\\n \"                            | c-1",   // ASCII white space only
            "text    | \"\\u3000\\u2003\"                         | c-1",   // Unicode spaces only
            "id      |                                            |",       // missing id: no ref
            "id      | null                                       |",       // null id: no ref
            "id      | 17                                         |",       // id a number: no ref
            "id      | \"\"                                       | ``",    // empty id
            "id      | \"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii\" | iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii", // 65 characters
    })
    void badChatIsBadRequestWithTheIdAsRef(String field, String rawValue, String ref) {
        ProtocolException e = failure(() -> decode(with(CHAT, field, rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo(ref);
        assertThat(e.closeCode()).isZero();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(strings = {"00A0", "2007", "202F", "0085"})
    void textOfOtherUnicodeWhiteSpaceOnlyIsRejected(String hex) {
        // All four have the Unicode White_Space property, as do the spaces rejected above.
        String text = Character.toString(Integer.parseInt(hex, 16)).repeat(3);

        ProtocolException e = failure(() -> decode(with(CHAT, "text", str(text))));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo("c-1");
    }

    @Test
    void idsOf1To64CharactersAreAccepted() throws Exception {
        for (String id : new String[]{"x", "i".repeat(64), "😀".repeat(64), "c 1/\"ü\""}) {
            assertThat(((ClientMessage.Chat) decode(with(CHAT, "id", str(id)))).id()).isEqualTo(id);
        }
    }

    // ---------------------------------------------------------------- typing

    @ParameterizedTest(name = "state = {0}")
    @NullSource                  // missing
    @ValueSource(strings = {
            "null",              // null
            "\"TYPING\"",        // wrong case
            "\"away\"",          // not a state
            "\"\"",              // empty
            "1",                 // a number
    })
    void badTypingStateIsBadRequest(String rawValue) {
        String json = with("{\"type\":\"typing\",\"state\":\"idle\"}", "state", rawValue);

        assertThat(failure(() -> decode(json)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    // ---------------------------------------------------------------- history

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {1, 200})
    void historyLimitBoundsAreAccepted(int limit) throws Exception {
        assertThat(decode(with(HISTORY, "limit", String.valueOf(limit)))).isEqualTo(new ClientMessage.History(120, limit));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "limit  | 0",             // below 1
            "limit  | 201",           // above 200
            "limit  | -50",           // negative
            "limit  | 4294967346",    // 2^32 + 50: must not wrap to 50
            "limit  | 50.5",          // a fraction
            "limit  | \"50\"",        // a string
            "limit  |",               // missing
            "before | \"120\"",       // a string
            "before | 1.5",           // a fraction
            "before | 0",             // no seq is below 1
            "before | -1",            // negative
            "before |",               // missing
    })
    void badHistoryIsBadRequest(String field, String rawValue) {
        ProtocolException e = failure(() -> decode(with(HISTORY, field, rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.closeCode()).isZero();
    }

    // ---------------------------------------------------------------- played

    @Test
    void playedSeqOfOneAndTheLargestAreAccepted() throws Exception {
        assertThat(decode(with(PLAYED, "seq", "1"))).isEqualTo(new ClientMessage.Played(1));
        assertThat(decode(with(PLAYED, "seq", String.valueOf(Long.MAX_VALUE)))).isEqualTo(new ClientMessage.Played(Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "seq = {0}")
    @NullSource                      // missing
    @ValueSource(strings = {
            "null",                  // null
            "0",                     // no seq is below 1
            "-57",                   // negative
            "57.5",                  // a fraction
            "\"57\"",                // a string
            "[57]",                  // an array
            "18446744073709551673",  // 2^64 + 57: must not wrap to 57
    })
    void badPlayedIsBadRequestWithoutRef(String rawValue) {
        ProtocolException e = failure(() -> decode(with(PLAYED, "seq", rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isNull();
        assertThat(e.closeCode()).isZero();
    }

    @Test
    void playedIgnoresUnknownFields() throws Exception {
        String json = "{\"type\":\"played\",\"seq\":57,\"nick\":\"mallory\",\"id\":\"x\"}";

        assertThat(decode(json)).isEqualTo(new ClientMessage.Played(57));
    }

    // ---------------------------------------------------------------- voice header

    @ParameterizedTest(name = "id = {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // JSON value (absent = remove) | expected ref
            "                                |",      // missing
            "null                            |",      // null
            "42                              |",      // a number
            "\"\"                            | ``",   // empty
            "\"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\" | vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv", // 65
    })
    void badVoiceHeaderIdIsBadRequestWithRef(String rawValue, String ref) {
        String json = with("{\"type\":\"voice\",\"id\":\"v-1\"}", "id", rawValue);

        ProtocolException e = failure(() -> ClientCodec.decodeVoiceHeader(Json.object(json)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo(ref);
    }

    @Test
    void voiceHeaderIgnoresUnknownFields() throws Exception {
        String json = "{\"type\":\"voice\",\"id\":\"v-1\",\"from\":\"mallory\",\"durationMs\":1,\"x\":{}}";

        assertThat(ClientCodec.decodeVoiceHeader(Json.object(json))).isEqualTo(new ClientMessage.Voice("v-1"));
    }
}
