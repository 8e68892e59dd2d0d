package dev.parley.bench.socketio;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * What a socket.io client says over the websocket transport: one Engine.IO v4 packet per text frame (a type digit,
 * then its data), a socket.io v5 packet inside each Engine.IO {@code message} ({@code 4}): a type digit, for the
 * binary types the attachment count and {@code -}, the namespace and {@code ,} unless it is {@code /}, an ack id,
 * then JSON. So {@code 40} connects to {@code /}, {@code 42["chat",{...}]} is an event, and the server's ping
 * {@code 2} wants the pong {@code 3}. Binary attachments (separate binary frames) are not used here.
 */
public final class Packets {
    /** Engine.IO v4 packet types, by their digit. */
    public enum EngineType { OPEN, CLOSE, PING, PONG, MESSAGE, UPGRADE, NOOP }

    /** socket.io v5 packet types, by their digit. */
    public enum SocketType { CONNECT, DISCONNECT, EVENT, ACK, CONNECT_ERROR, BINARY_EVENT, BINARY_ACK }

    /** The server's handshake ({@code 0{...}}): its session id and heartbeat settings, in milliseconds. */
    public record Open(String sid, long pingInterval, long pingTimeout, long maxPayload) {
    }

    /**
     * One decoded frame. For {@link EngineType#MESSAGE}: the socket.io type, namespace, ack id ({@code -1}: none)
     * and JSON data ({@code ""}: none); for the other Engine.IO types {@code socket} is null, {@code namespace} "/"
     * and {@code data} what follows the type digit.
     */
    public record Packet(EngineType engine, SocketType socket, String namespace, long ackId, String data) {
        /** An event's name: the first element of its JSON array. */
        public String eventName() {
            return eventArray().get(0).getAsString();
        }

        /** An event's {@code i}-th argument (after the name), as JSON. */
        public String eventArgument(int i) {
            return eventArray().get(i + 1).toString();
        }

        private JsonArray eventArray() {
            if (socket != SocketType.EVENT && socket != SocketType.BINARY_EVENT) {
                throw new IllegalStateException("not an event: " + this);
            }
            return JsonParser.parseString(data).getAsJsonArray();
        }
    }

    public static final String PING = "2";
    public static final String PONG = "3";

    private static final Gson GSON = new Gson();

    private Packets() {
    }

    /** Connects to a namespace: {@code 40} for {@code /}, {@code 40/admin,} otherwise. */
    public static String connect(String namespace) {
        return "40" + (namespace.equals("/") ? "" : namespace + ",");
    }

    /** An event to {@code /}: {@code 42["name",argument]}, {@code jsonArgument} being JSON already. */
    public static String event(String name, String jsonArgument) {
        return eventPrefix(name) + jsonArgument + "]";
    }

    /** What every frame of event {@code name} to {@code /} starts with, {@code 42["name",}: a cheap test on arrival. */
    public static String eventPrefix(String name) {
        return "42[" + quote(name) + ",";
    }

    /** A string as a JSON string literal. */
    public static String quote(String s) {
        return GSON.toJson(s);
    }

    /** The open packet's fields; fails on any other packet. */
    public static Open open(String frame) {
        Packet p = decode(frame);
        if (p.engine() != EngineType.OPEN) {
            throw new IllegalArgumentException("not an Engine.IO open packet: " + frame);
        }
        try {
            JsonObject o = JsonParser.parseString(p.data()).getAsJsonObject();
            return new Open(o.get("sid").getAsString(), o.get("pingInterval").getAsLong(),
                    o.get("pingTimeout").getAsLong(), o.has("maxPayload") ? o.get("maxPayload").getAsLong() : -1);
        } catch (RuntimeException e) { // malformed JSON, not an object, a field missing or of the wrong type
            throw new IllegalArgumentException("a malformed Engine.IO open packet: " + frame, e);
        }
    }

    public static Packet decode(String frame) {
        if (frame.isEmpty()) {
            throw new IllegalArgumentException("empty Engine.IO packet");
        }
        EngineType engine = type(EngineType.values(), frame.charAt(0), frame);
        if (engine != EngineType.MESSAGE) {
            return new Packet(engine, null, "/", -1, frame.substring(1));
        }
        if (frame.length() < 2) {
            throw new IllegalArgumentException("a message without a socket.io type: " + frame);
        }
        SocketType socket = type(SocketType.values(), frame.charAt(1), frame);
        int i = 2;
        if (socket == SocketType.BINARY_EVENT || socket == SocketType.BINARY_ACK) {
            int dash = frame.indexOf('-', i);
            if (dash < 0) {
                throw new IllegalArgumentException("a binary packet without its attachment count: " + frame);
            }
            i = dash + 1;
        }
        String namespace = "/";
        if (i < frame.length() && frame.charAt(i) == '/') {
            int comma = frame.indexOf(',', i);
            int end = comma < 0 ? frame.length() : comma;
            namespace = frame.substring(i, end);
            i = comma < 0 ? end : comma + 1;
        }
        int digits = i;
        while (digits < frame.length() && Character.isDigit(frame.charAt(digits))) {
            digits++;
        }
        long ackId = digits > i ? Long.parseLong(frame, i, digits, 10) : -1;
        String data = frame.substring(digits);
        if (!data.isEmpty()) {
            JsonElement checked;
            try {
                checked = JsonParser.parseString(data); // malformed JSON fails here, not later
            } catch (JsonParseException e) {
                throw new IllegalArgumentException("malformed JSON in " + frame, e);
            }
            if (socket == SocketType.EVENT && !(checked.isJsonArray() && !checked.getAsJsonArray().isEmpty())) {
                throw new IllegalArgumentException("an event's data must be a non-empty JSON array: " + frame);
            }
        }
        return new Packet(engine, socket, namespace, ackId, data);
    }

    private static <T extends Enum<T>> T type(T[] values, char digit, String frame) {
        int n = digit - '0';
        if (n < 0 || n >= values.length) {
            throw new IllegalArgumentException("unknown packet type '" + digit + "' in " + frame);
        }
        return values[n];
    }
}
