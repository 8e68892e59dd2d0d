package dev.parley.protocol;

import static dev.parley.protocol.Json.failure;
import static dev.parley.protocol.Json.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every server message: the page's JSON, field for field, both ways. */
class ServerCodecTest {
    private static final String WELCOME = "{\"type\":\"welcome\",\"protocol\":1,\"session\":\"s-7f3a\",\"nick\":\"alice\","
            + "\"room\":\"lobby\",\"members\":[\"alice\",\"bob\"],\"lastSeq\":57,"
            + "\"limits\":{\"maxTextChars\":4000,\"maxClipBytes\":16777216,\"maxClipMillis\":300000},"
            + "\"server\":\"parley-relay/0.1\"}";
    private static final String CHAT = "{\"type\":\"chat\",\"seq\":58,\"id\":\"c-1\",\"from\":\"alice\",\"text\":\"hello\","
            + "\"ts\":1763900000000}";
    private static final String VOICE = "{\"type\":\"voice\",\"seq\":59,\"id\":\"v-1\",\"from\":\"alice\",\"ts\":1763900001000,"
            + "\"durationMs\":2350,\"sampleRate\":16000,\"channels\":1,\"bytes\":75244}";
    private static final String HISTORY_END = "{\"type\":\"history-end\",\"before\":120,\"count\":50}";
    private static final String WELCOME_3 = "{\"type\":\"welcome\",\"protocol\":3,\"session\":\"s-7f3a\",\"nick\":\"alice\","
            + "\"room\":\"lobby\",\"members\":[\"alice\",\"bob\"],\"lastSeq\":57,\"lastPlayed\":812,"
            + "\"limits\":{\"maxTextChars\":4000,\"maxClipBytes\":16777216,\"maxClipMillis\":300000},"
            + "\"server\":\"parley-relay/0.1\"}";
    private static final String PLAYED = "{\"type\":\"played\",\"seq\":57,\"nick\":\"bob\",\"ts\":1765090000123,\"id\":812}";

    static Stream<Arguments> pageExamples() {
        return Stream.of(
                Arguments.of(WELCOME, new ServerMessage.Welcome(1, "s-7f3a", "alice", "lobby", List.of("alice", "bob"), 57,
                        Limits.DEFAULTS, "parley-relay/0.1")),
                Arguments.of(WELCOME_3, new ServerMessage.Welcome(3, "s-7f3a", "alice", "lobby", List.of("alice", "bob"), 57,
                        Limits.DEFAULTS, "parley-relay/0.1", 812)),
                Arguments.of(with(WELCOME_3, "lastPlayed", "0"), new ServerMessage.Welcome(3, "s-7f3a", "alice", "lobby",
                        List.of("alice", "bob"), 57, Limits.DEFAULTS, "parley-relay/0.1", 0)),
                Arguments.of(PLAYED, new ServerMessage.Played(57, "bob", 1_765_090_000_123L, 812, false)),
                Arguments.of(with(PLAYED, "replay", "true"), new ServerMessage.Played(57, "bob", 1_765_090_000_123L, 812, true)),
                Arguments.of(CHAT, new ServerMessage.Chat(58, "c-1", "alice", "hello", 1_763_900_000_000L, false)),
                Arguments.of(with(CHAT, "replay", "true"),
                        new ServerMessage.Chat(58, "c-1", "alice", "hello", 1_763_900_000_000L, true)),
                Arguments.of(VOICE, new ServerMessage.Voice(59, "v-1", "alice", 1_763_900_001_000L, 2350, 16_000, 1, 75_244, false)),
                Arguments.of(with(VOICE, "replay", "true"),
                        new ServerMessage.Voice(59, "v-1", "alice", 1_763_900_001_000L, 2350, 16_000, 1, 75_244, true)),
                Arguments.of("{\"type\":\"typing\",\"from\":\"alice\",\"state\":\"typing\"}",
                        new ServerMessage.Typing("alice", TypingState.TYPING)),
                Arguments.of("{\"type\":\"typing\",\"from\":\"bob\",\"state\":\"recording\"}",
                        new ServerMessage.Typing("bob", TypingState.RECORDING)),
                Arguments.of("{\"type\":\"presence\",\"event\":\"join\",\"nick\":\"carol\",\"members\":[\"alice\",\"bob\",\"carol\"]}",
                        new ServerMessage.Presence(ServerMessage.Presence.Event.JOIN, "carol", List.of("alice", "bob", "carol"))),
                Arguments.of("{\"type\":\"presence\",\"event\":\"leave\",\"nick\":\"carol\",\"members\":[]}",
                        new ServerMessage.Presence(ServerMessage.Presence.Event.LEAVE, "carol", List.of())),
                Arguments.of(HISTORY_END, new ServerMessage.HistoryEnd(120, 50)),
                Arguments.of("{\"type\":\"error\",\"code\":\"bad_audio\",\"message\":\"clip is not PCM 16-bit WAV\",\"ref\":\"v-1\"}",
                        new ServerMessage.Error(ErrorCode.BAD_AUDIO, "clip is not PCM 16-bit WAV", "v-1")),
                Arguments.of("{\"type\":\"error\",\"code\":\"rate_limited\",\"message\":\"slow down\"}",
                        new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageExamples")
    void encodesToThePagesJsonAndDecodesBack(String json, ServerMessage message) throws Exception {
        String encoded = ServerCodec.encode(message);

        assertThat(Json.object(encoded)).isEqualTo(Json.object(json));
        assertThat(ServerCodec.decode(encoded)).isEqualTo(message);
        assertThat(ServerCodec.decode(json)).isEqualTo(message);
    }

    @Test
    void fieldsComeOutInThePagesOrder() {
        ServerMessage.Voice voice = new ServerMessage.Voice(59, "v-1", "alice", 1_763_900_001_000L, 2350, 16_000, 1, 75_244, false);

        assertThat(ServerCodec.encode(voice)).isEqualTo(VOICE);
    }

    @Test
    void receiptFieldsComeOutInThePagesOrder() throws Exception {
        assertThat(ServerCodec.encode(new ServerMessage.Played(57, "bob", 1_765_090_000_123L, 812, false))).isEqualTo(PLAYED);
        assertThat(ServerCodec.encode(ServerCodec.decode(WELCOME_3))).isEqualTo(WELCOME_3);
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2})
    void aWelcomeBelowVersionThreeNeverCarriesLastPlayed(int protocol) throws Exception {
        ServerMessage.Welcome w = new ServerMessage.Welcome(protocol, "s", "alice", "lobby", List.of("alice"), 5,
                Limits.DEFAULTS, "r", 812);

        assertThat(Json.object(ServerCodec.encode(w)).has("lastPlayed")).isFalse();
        assertThat(((ServerMessage.Welcome) ServerCodec.decode(with(with(WELCOME, "protocol", String.valueOf(protocol)),
                "lastPlayed", "812"))).lastPlayed()).as("ignored below version 3").isZero();
    }

    @Test
    void replayIsOmittedWhenFalseAndAsReplaySetsIt() {
        ServerMessage.Chat live = new ServerMessage.Chat(1, "c", "a", "t", 2, false);

        assertThat(Json.object(ServerCodec.encode(live)).has("replay")).isFalse();
        assertThat(Json.object(ServerCodec.encode(live.asReplay())).get("replay").getAsBoolean()).isTrue();
        assertThat(live.asReplay()).isEqualTo(new ServerMessage.Chat(1, "c", "a", "t", 2, true));
    }

    @Test
    void everyErrorCodeTravelsByItsWireName() throws Exception {
        for (ErrorCode code : ErrorCode.values()) {
            String json = ServerCodec.encode(new ServerMessage.Error(code, "m", "r"));

            assertThat(Json.object(json).get("code").getAsString()).isEqualTo(code.wire());
            assertThat(ServerCodec.decode(json)).isEqualTo(new ServerMessage.Error(code, "m", "r"));
        }
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        assertThat(ServerCodec.decode(with(with(CHAT, "edited", "true"), "reactions", "{\"+1\":[\"bob\"]}")))
                .isEqualTo(ServerCodec.decode(CHAT));
        assertThat(ServerCodec.decode(with(WELCOME, "motd", "\"hi\"")))
                .isEqualTo(ServerCodec.decode(WELCOME));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`" + CHAT + "`        | seq        |",              // missing seq
            "`" + CHAT + "`        | seq        | \"58\"",       // seq a string
            "`" + CHAT + "`        | seq        | 58.5",         // seq a fraction
            "`" + CHAT + "`        | from       |",              // missing from
            "`" + CHAT + "`        | ts         | null",         // ts null
            "`" + CHAT + "`        | replay     | \"yes\"",      // replay not a boolean
            "`" + VOICE + "`       | bytes      |",              // missing bytes
            "`" + VOICE + "`       | sampleRate | \"16k\"",      // sampleRate a string
            "`" + WELCOME + "`     | limits     |",              // missing limits
            "`" + WELCOME + "`     | limits     | 4000",         // limits not an object
            "`" + WELCOME + "`     | limits     | {\"maxTextChars\":0,\"maxClipBytes\":1,\"maxClipMillis\":1}", // not positive
            "`" + WELCOME + "`     | members    | \"alice\"",    // members not an array
            "`" + WELCOME + "`     | members    | [\"alice\",1]", // members holding a number
            "`" + WELCOME + "`     | lastSeq    |",              // missing lastSeq
            "`" + HISTORY_END + "` | count      |",              // missing count
            "`" + WELCOME_3 + "`   | lastPlayed |",              // missing lastPlayed in version 3
            "`" + WELCOME_3 + "`   | lastPlayed | -1",           // lastPlayed negative
            "`" + WELCOME_3 + "`   | lastPlayed | \"812\"",      // lastPlayed a string
            "`" + PLAYED + "`      | seq        |",              // missing seq
            "`" + PLAYED + "`      | seq        | 0",            // no seq is below 1
            "`" + PLAYED + "`      | nick       |",              // missing nick
            "`" + PLAYED + "`      | nick       | 7",            // nick a number
            "`" + PLAYED + "`      | ts         | 1.5",          // ts a fraction
            "`" + PLAYED + "`      | id         |",              // missing id
            "`" + PLAYED + "`      | id         | 0",            // no receipt id is below 1
            "`" + PLAYED + "`      | replay     | 1",            // replay not a boolean
    })
    void missingOrMistypedFieldsAreBadRequest(String json, String field, String rawValue) {
        assertThat(failure(() -> ServerCodec.decode(with(json, field, rawValue))).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"type\":\"presence\",\"event\":\"kick\",\"nick\":\"c\",\"members\":[]}", // unknown event
            "{\"type\":\"typing\",\"from\":\"a\",\"state\":\"sleeping\"}",            // unknown state
            "{\"type\":\"hello\"}",                                                   // a client type
            "{\"type\":\"goodbye\"}",                                                 // unknown type
            "{\"seq\":1}",                                                            // no type
    })
    void unknownTypesAndValuesAreBadRequest(String json) {
        assertThat(failure(() -> ServerCodec.decode(json)).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"[]", "\"welcome\"", "null", "{", "{\"type\":\"chat\"}}"})
    void serverFramesThatAreNotOneObjectAreBadFrame(String json) {
        assertThat(failure(() -> ServerCodec.decode(json)).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void errorWithACodeFromANewerRelayStillDecodes() throws Exception {
        ServerMessage m = ServerCodec.decode("{\"type\":\"error\",\"code\":\"quota_exceeded\",\"message\":\"m\"}");

        assertThat(m).isInstanceOf(ServerMessage.Error.class);
    }

    @ParameterizedTest(name = "{1} = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`" + HISTORY_END + "` | count          | 4294967346", // 2^32 + 50
            "`" + VOICE + "`       | sampleRate     | 4294983296", // 2^32 + 16000
            "`" + VOICE + "`       | channels       | 4294967297", // 2^32 + 1
            "`" + WELCOME + "`     | protocol       | 4294967297", // 2^32 + 1
    })
    void integersBeyondTheirRangeAreRejectedNotWrapped(String json, String field, String rawValue) {
        // Decoding must not turn the number on the wire into another one (here: the page's own value).
        assertThat(failure(() -> ServerCodec.decode(with(json, field, rawValue))).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void limitsBeyondTheirRangeAreRejectedNotWrapped() {
        String limits = "{\"maxTextChars\":4294971296,\"maxClipBytes\":16777216,\"maxClipMillis\":300000}"; // 2^32 + 4000

        assertThat(failure(() -> ServerCodec.decode(with(WELCOME, "limits", limits))).code())
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
