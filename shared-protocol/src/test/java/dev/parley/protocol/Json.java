package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** Small JSON helpers for codec tests. */
final class Json {
    private Json() {
    }

    static JsonObject object(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /**
     * {@code json} with field {@code name} set to the JSON value {@code rawValue}, or removed when
     * {@code rawValue} is {@code null}.
     */
    static String with(String json, String name, String rawValue) {
        JsonObject o = object(json);
        if (rawValue == null) {
            o.remove(name);
        } else {
            JsonElement value = JsonParser.parseString(rawValue);
            o.add(name, value);
        }
        return o.toString();
    }

    /** A JSON string literal for {@code s}. */
    static String str(String s) {
        return new JsonPrimitive(s).toString();
    }

    /** Runs {@code call}, asserts it failed with a {@link ProtocolException} and returns it. */
    static ProtocolException failure(Call call) {
        Throwable t = catchThrowable(call::run);
        assertThat(t).isInstanceOf(ProtocolException.class);
        return (ProtocolException) t;
    }

    /** Code under test that may throw. */
    interface Call {
        void run() throws Exception;
    }
}
