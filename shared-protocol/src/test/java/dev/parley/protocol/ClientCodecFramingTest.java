package dev.parley.protocol;

import static dev.parley.protocol.Json.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every text frame must be: one JSON object with a string {@code type}; unknown fields are ignored. */
class ClientCodecFramingTest {

    private static ClientMessage decode(String json) throws ProtocolException {
        return ClientCodec.decode(json, Limits.DEFAULTS);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "",                                                   // empty frame
            "   ",                                                // only white space
            "hello",                                              // not JSON at all
            "{",                                                  // cut off
            "{\"type\":\"typing\",\"state\":\"idle\"",            // cut off before the closing brace
            "[]",                                                 // array
            "[{\"type\":\"typing\",\"state\":\"idle\"}]",         // object wrapped in an array
            "\"typing\"",                                         // string
            "42",                                                 // number
            "null",                                               // null
            "true",                                               // boolean
            "{\"type\":\"typing\",\"state\":\"idle\"}x",          // junk after the object
            "{\"type\":\"typing\",\"state\":\"idle\"}{}",         // two objects
            "{\"type\":\"typing\",\"state\":\"idle\"} 1",         // object then a number
            "{'type':'typing','state':'idle'}",                   // single quotes
            "{type:\"typing\",state:\"idle\"}",                   // unquoted names
            "{\"type\":\"typing\",\"state\":\"idle\",}",          // trailing comma
            "{\"type\":\"typing\",\"state\":\"idle\"}/*c*/",      // comment
            "{\"type\":\"typing\",\"state\":\"idle\",\"x\":NaN}", // NaN is not JSON
            "{\"type\":\"chat\",\"id\":\"c\",\"text\":\"a\u0001b\"}", // raw control character in a string
    })
    void framesThatAreNotOneJsonObjectAreBadFrame(String json) {
        ProtocolException e = failure(() -> decode(json));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(e.closeCode()).isZero();
        assertThat(e.ref()).isNull();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{}",                                        // no type
            "{\"state\":\"idle\"}",                      // no type, other fields
            "{\"type\":null,\"state\":\"idle\"}",        // type null
            "{\"type\":5,\"state\":\"idle\"}",           // type a number
            "{\"type\":[\"typing\"],\"state\":\"idle\"}", // type an array
            "{\"type\":{},\"state\":\"idle\"}",          // type an object
            "{\"type\":\"\"}",                           // empty type
            "{\"type\":\"ping\"}",                       // unknown type
            "{\"type\":\"Typing\",\"state\":\"idle\"}",  // types are case-sensitive
            "{\"type\":\"welcome\"}",                    // a server type sent by a client
            "{\"type\":\"presence\"}",                   // a server type sent by a client
    })
    void missingOrUnknownTypeIsBadRequest(String json) {
        ProtocolException e = failure(() -> decode(json));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.closeCode()).isZero();
    }

    @Test
    void voiceInATextFrameIsBadRequestWithItsIdAsRef() {
        ProtocolException e = failure(() -> decode("{\"type\":\"voice\",\"id\":\"v-1\"}"));

        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo("v-1");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\",\"extra\":{\"a\":[1,null]}}",
            "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hi\",\"from\":\"mallory\",\"seq\":1,\"replay\":true}",
            "{\"type\":\"typing\",\"state\":\"idle\",\"from\":\"mallory\",\"x\":null}",
            "{\"future\":[],\"type\":\"history\",\"before\":10,\"limit\":5,\"after\":\"x\"}",
    })
    void unknownFieldsAreIgnored(String json) throws Exception {
        String withoutExtras = switch (Json.object(json).get("type").getAsString()) {
            case "hello" -> "{\"type\":\"hello\",\"protocol\":1,\"nick\":\"alice\",\"room\":\"lobby\"}";
            case "chat" -> "{\"type\":\"chat\",\"id\":\"c-1\",\"text\":\"hi\"}";
            case "typing" -> "{\"type\":\"typing\",\"state\":\"idle\"}";
            default -> "{\"type\":\"history\",\"before\":10,\"limit\":5}";
        };

        assertThat(decode(json)).isEqualTo(decode(withoutExtras));
    }

    @Test
    void deeplyNestedInputFailsCleanlyInsteadOfOverflowingTheStack() {
        // 20 000 brackets: well under the 64 KiB text frame limit
        String json = "{\"type\":\"typing\",\"state\":\"idle\",\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";

        Throwable t = catchThrowable(() -> decode(json));

        if (t != null) {
            assertThat(t).isInstanceOfSatisfying(ProtocolException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
        }
    }

    @Test
    void moderatelyNestedUnknownFieldIsIgnored() throws Exception {
        String json = "{\"type\":\"typing\",\"state\":\"idle\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";

        assertThat(decode(json)).isEqualTo(new ClientMessage.Typing(TypingState.IDLE));
    }
}
