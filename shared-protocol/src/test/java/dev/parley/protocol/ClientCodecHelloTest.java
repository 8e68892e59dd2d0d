package dev.parley.protocol;

import static dev.parley.protocol.Json.failure;
import static dev.parley.protocol.Json.str;
import static dev.parley.protocol.Json.with;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code hello}: its fields, and the close codes a bad one ends the session with (4400, 4426). */
class ClientCodecHelloTest {
    private static final String PAGE_EXAMPLE = "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\","
            + "\"since\":41,\"password\":\"…\",\"client\":\"parley-desktop/0.1\"}";
    private static final String MINIMAL = "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\"}";

    private static ClientMessage decode(String json) throws ProtocolException {
        return ClientCodec.decode(json, Limits.DEFAULTS);
    }

    private static ClientMessage.Hello hello(String field, String rawValue) throws ProtocolException {
        return (ClientMessage.Hello) decode(with(MINIMAL, field, rawValue));
    }

    @Test
    void pageExampleDecodesAndEncodesBack() throws Exception {
        ClientMessage decoded = decode(PAGE_EXAMPLE);

        assertThat(decoded).isEqualTo(new ClientMessage.Hello(1, "alice", "lobby", 41L, "…", "parley-desktop/0.1"));
        assertThat(Json.object(ClientCodec.encode(decoded))).isEqualTo(Json.object(PAGE_EXAMPLE));
    }

    @Test
    void optionalFieldsMayBeAbsentAndAreThenOmittedWhenEncoding() throws Exception {
        ClientMessage decoded = decode(MINIMAL);

        assertThat(decoded).isEqualTo(new ClientMessage.Hello(1, "alice", "lobby", null, null, null));
        assertThat(Json.object(ClientCodec.encode(decoded))).isEqualTo(Json.object(MINIMAL));
    }

    @Test
    void sinceMayBeZeroAndJsonNullMeansAbsent() throws Exception {
        assertThat(hello("since", "0").since()).isZero();
        assertThat(hello("since", "null").since()).isNull();
        assertThat(hello("since", String.valueOf(Long.MAX_VALUE)).since()).isEqualTo(Long.MAX_VALUE);
    }

    @ParameterizedTest(name = "nick {0} is kept as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "alice                      | alice",                   // plain
            "`  alice\t`                | alice",                   // trimmed on both sides
            "`\u3000alice\u2003`        | alice",                   // Unicode white space trimmed too
            "Alice Smith                | Alice Smith",             // inner space kept
            "a_b-c.d                    | a_b-c.d",                 // the three punctuation marks allowed
            "Zoë                        | Zoë",                     // Latin letter with diacritic (precomposed)
            "Анна                       | Анна",                    // Cyrillic
            "李小龙                      | 李小龙",                   // Han
            "user٣                      | user٣",                   // Arabic-Indic digit
            "007                        | 007",                     // digits only
            "x                          | x",                       // one character
    })
    void validNicksAreAcceptedAndTrimmed(String raw, String kept) throws Exception {
        assertThat(hello("nick", str(raw)).nick()).isEqualTo(kept);
    }

    @Test
    void nickLengthIsCountedInCharactersAfterTrimming() throws Exception {
        String letters32 = "n".repeat(32);
        String math32 = "𝒜".repeat(32); // a letter outside the BMP: 64 UTF-16 units, 32 characters

        assertThat(hello("nick", str("  " + letters32 + "  ")).nick()).isEqualTo(letters32);
        assertThat(hello("nick", str(math32)).nick()).isEqualTo(math32);
    }

    @ParameterizedTest(name = "room {0}")
    @ValueSource(strings = {"lobby", "a", "team_7-b", "0123456789", "abcdefghijklmnopqrstuvwxyz_-"})
    void validRoomsAreAccepted(String room) throws Exception {
        assertThat(hello("room", str(room)).room()).isEqualTo(room);
    }

    @Test
    void roomOf64CharactersIsAccepted() throws Exception {
        assertThat(hello("room", str("r".repeat(64))).room()).hasSize(64);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // field    | JSON value (absent = remove the field)
            "protocol   |",                                  // missing
            "protocol   | null",                             // null
            "protocol   | \"1\"",                            // a string
            "protocol   | 1.5",                              // a fraction
            "protocol   | true",                             // a boolean
            "nick       |",                                  // missing
            "nick       | null",                             // null
            "nick       | 5",                                // not a JSON string
            "nick       | [\"alice\"]",                      // an array
            "nick       | \"\"",                             // empty
            "nick       | \"   \"",                          // empty after trimming
            "nick       | \"al!ce\"",                        // punctuation not allowed
            "nick       | \"@alice\"",                       // punctuation not allowed
            "nick       | \"a/b\"",                          // slash
            "nick       | \"<b>x</b>\"",                     // markup
            "nick       | \"a\\tb\"",                        // inner tab
            "nick       | \"a\\nb\"",                        // inner newline
            "nick       | \"a\\u0000b\"",                    // NUL
            "nick       | \"ali\\u200bce\"",                 // zero-width space
            "nick       | \"alice\\ud83d\\ude00\"",          // emoji
            "nick       | \"nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn\"", // 33 characters
            "room       |",                                  // missing
            "room       | null",                             // null
            "room       | 7",                                // a number
            "room       | \"\"",                             // empty
            "room       | \"Lobby\"",                        // upper case
            "room       | \"lob by\"",                       // inner space
            "room       | \" lobby\"",                       // leading space: rooms are not trimmed
            "room       | \"lobby \"",                       // trailing space
            "room       | \"lob.by\"",                       // dot
            "room       | \"café\"",                         // non-ASCII letter
            "room       | \"ｌobby\"",                       // full-width letter
            "room       | \"rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr\"", // 65 characters
            "since      | -1",                               // negative
            "since      | 1.5",                              // a fraction
            "since      | \"41\"",                           // a string
            "since      | 1e400",                            // beyond any integer type
            "password   | 1234",                             // not a string
            "client     | {}",                               // not a string
    })
    void badHelloClosesWith4400(String field, String rawValue) {
        ProtocolException e = failure(() -> hello(field, rawValue));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.closeCode()).isEqualTo(CloseCodes.BAD_HELLO).isEqualTo(4400);
        assertThat(e.ref()).isNull();
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"0", "4", "-1", "4294967297", "4294967298", "4294967299", "1099511627776"})
    void unsupportedProtocolClosesWith4426(String protocol) {
        ProtocolException e = failure(() -> hello("protocol", protocol));

        assertThat(e.closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_PROTOCOL).isEqualTo(4426);
    }

    @Test
    void unsupportedProtocolWinsOverOtherFieldsItMayDefineDifferently() {
        String json = with(with(MINIMAL, "protocol", "4"), "nick", "\"!!\"");

        assertThat(failure(() -> decode(json)).closeCode()).isEqualTo(CloseCodes.UNSUPPORTED_PROTOCOL);
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(strings = {"1", "2", "2.0", "3"})
    void versionsOneToThreeAreSpoken(String protocol) throws Exception {
        ClientMessage.Hello hello = (ClientMessage.Hello) decode(with(MINIMAL, "protocol", protocol));

        assertThat(hello.protocol()).isEqualTo((int) Double.parseDouble(protocol));
    }

    @Test
    void theRefusalNamesTheVersionsTheRelaySpeaks() {
        ProtocolException e = failure(() -> decode(with(MINIMAL, "protocol", "4")));

        assertThat(e.getMessage()).isEqualTo("protocol 4 is not supported; this relay speaks 1 to 3");
    }

    // ---------------------------------------------------------------- playedSince (version 3)

    @Test
    void playedSinceOfVersionThreeDecodesAndEncodesBack() throws Exception {
        String json = with(with(MINIMAL, "protocol", "3"), "playedSince", "812");

        ClientMessage decoded = decode(json);

        assertThat(decoded).isEqualTo(new ClientMessage.Hello(3, "alice", "lobby", null, null, null, 812L));
        assertThat(Json.object(ClientCodec.encode(decoded))).isEqualTo(Json.object(json));
    }

    @ParameterizedTest(name = "playedSince {0}")
    @CsvSource(delimiter = '|', value = {
            "0           | 0",                      // no receipt held yet
            "null        |",                        // JSON null means absent
            "9223372036854775807 | 9223372036854775807", // the largest id
    })
    void playedSinceMayBeZeroOrAbsent(String rawValue, Long expected) throws Exception {
        ClientMessage.Hello hello = (ClientMessage.Hello) decode(with(with(MINIMAL, "protocol", "3"), "playedSince", rawValue));

        assertThat(hello.playedSince()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "playedSince {0}")
    @ValueSource(strings = {
            "-1",       // negative
            "1.5",      // a fraction
            "\"812\"",  // a string
            "true",     // a boolean
            "1e400",    // beyond any integer type
    })
    void aBadPlayedSinceOfVersionThreeClosesWith4400(String rawValue) {
        ProtocolException e = failure(() -> decode(with(with(MINIMAL, "protocol", "3"), "playedSince", rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.closeCode()).isEqualTo(CloseCodes.BAD_HELLO);
    }

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2})
    void playedSinceIsIgnoredBelowVersionThreeEvenWhenItIsBad(int protocol) throws Exception {
        for (String rawValue : new String[]{"812", "-1", "\"x\""}) {
            ClientMessage.Hello hello = (ClientMessage.Hello) decode(
                    with(with(MINIMAL, "protocol", String.valueOf(protocol)), "playedSince", rawValue));

            assertThat(hello.playedSince()).as(rawValue).isNull();
        }
    }

    // ---------------------------------------------------------------- resume (every version)

    @ParameterizedTest(name = "protocol {0}")
    @ValueSource(ints = {1, 2, 3})
    void resumeDecodesAndEncodesBackInEveryVersion(int protocol) throws Exception {
        String json = with(with(MINIMAL, "protocol", String.valueOf(protocol)), "resume", str("q8Hn0xvK3mT1aZ-_bW4cRg"));

        ClientMessage.Hello hello = (ClientMessage.Hello) decode(json);

        assertThat(hello.resume()).isEqualTo("q8Hn0xvK3mT1aZ-_bW4cRg");
        assertThat(Json.object(ClientCodec.encode(hello))).isEqualTo(Json.object(json));
    }

    @Test
    void resumeMayBeAbsentOrNullAndAnyStringIsKeptAsItCame() throws Exception {
        assertThat(((ClientMessage.Hello) decode(MINIMAL)).resume()).isNull();
        assertThat(hello("resume", "null").resume()).isNull();
        assertThat(hello("resume", str("")).resume()).isEmpty();                 // matches no session, so changes nothing
        assertThat(hello("resume", str("s-not-a-token")).resume()).isEqualTo("s-not-a-token");
    }

    @ParameterizedTest(name = "resume {0}")
    @ValueSource(strings = {
            "42",       // a number
            "true",     // a boolean
            "[\"x\"]",  // an array
            "{}",       // an object
    })
    void aResumeThatIsNotAStringClosesWith4400(String rawValue) {
        ProtocolException e = failure(() -> decode(with(MINIMAL, "resume", rawValue)));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.closeCode()).isEqualTo(CloseCodes.BAD_HELLO);
    }
}
