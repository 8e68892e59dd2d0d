package dev.parley.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Strict reading of JSON objects and their typed fields, failing with the protocol's error codes; and writing one
 * object. Shared by {@link ClientCodec} and {@link ServerCodec}.
 */
final class JsonFields {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private JsonFields() {
    }

    /** Parses exactly one JSON object (strict JSON, nothing after it), or fails with {@code bad_frame}. */
    static JsonObject parseObject(String json, String what) throws ProtocolException {
        try {
            JsonReader reader = new JsonReader(new StringReader(json));
            reader.setStrictness(Strictness.STRICT);
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, what + " holds more than one JSON value");
            }
            if (!element.isJsonObject()) {
                throw new ProtocolException(ErrorCode.BAD_FRAME, what + " is not a JSON object");
            }
            return element.getAsJsonObject();
        } catch (JsonParseException | IOException | IllegalStateException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, what + " is not valid JSON");
        } catch (StackOverflowError e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, what + " is nested too deeply");
        }
    }

    /** A string field, or {@code null} when absent or JSON null. */
    static String optString(JsonObject o, String name) throws ProtocolException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonPrimitive p && p.isString()) {
            return p.getAsString();
        }
        throw invalid(name, "a string");
    }

    static String string(JsonObject o, String name) throws ProtocolException {
        String s = optString(o, name);
        if (s == null) {
            throw missing(name);
        }
        return s;
    }

    /** An integer field, or {@code null} when absent or JSON null. Fractions and out-of-range numbers are invalid. */
    static Long optLong(JsonObject o, String name) throws ProtocolException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e instanceof JsonPrimitive p && p.isNumber()) {
            BigDecimal d;
            try {
                d = p.getAsBigDecimal();
            } catch (NumberFormatException ex) {
                throw invalid(name, "an integer");
            }
            if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0 || d.stripTrailingZeros().scale() > 0) {
                throw invalid(name, "an integer");
            }
            return d.longValueExact();
        }
        throw invalid(name, "an integer");
    }

    static long integer(JsonObject o, String name) throws ProtocolException {
        Long v = optLong(o, name);
        if (v == null) {
            throw missing(name);
        }
        return v;
    }

    /** An integer that fits a Java {@code int}; larger values are refused, never wrapped. */
    static int int32(JsonObject o, String name) throws ProtocolException {
        long v = integer(o, name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw invalid(name, "an integer of at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** Whether every code point is Unicode White_Space (Java's {@code isBlank} misses U+00A0, U+2007, U+202F, U+0085). */
    static boolean onlyWhiteSpace(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85);
    }

    static boolean optBoolean(JsonObject o, String name) throws ProtocolException {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (e instanceof JsonPrimitive p && p.isBoolean()) {
            return p.getAsBoolean();
        }
        throw invalid(name, "true or false");
    }

    static ProtocolException missing(String name) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, "field \"" + name + "\" is missing");
    }

    static ProtocolException invalid(String name, String expected) {
        return new ProtocolException(ErrorCode.BAD_REQUEST, "field \"" + name + "\" must be " + expected);
    }

    /** A {@code state} field holding a typing state. */
    static TypingState typingState(JsonObject o) throws ProtocolException {
        String s = string(o, "state");
        return TypingState.fromWire(s).orElseThrow(() -> invalid("state", "typing, recording or idle"));
    }

    /** Writes the fields of one JSON object. */
    interface Writing {
        void write(JsonWriter w) throws IOException;
    }

    /** One JSON object holding what {@code fields} writes, without HTML escaping ({@code <}, {@code >}, {@code &} as they are). */
    static String writeObject(Writing fields) {
        StringWriter out = new StringWriter(128);
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject();
            fields.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** A string field if it is one, else {@code null}, never failing: for {@code ref} in error replies. */
    static String optStringOrNull(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e instanceof JsonPrimitive p && p.isString() ? p.getAsString() : null;
    }
}
