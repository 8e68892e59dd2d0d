package dev.parley.protocol;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one mapping between protocol records and JSON text. Decoding rejects what PROTOCOL.md rejects,
 * with its error code; unknown fields are ignored. Encoding omits absent optional fields.
 */
public final class JsonCodec {
    private JsonCodec() {
    }

    // ---------------------------------------------------------------- client -> server

    /**
     * Decodes a text frame sent by a client.
     *
     * @param limits the relay's limits, for the length of chat text
     * @throws ProtocolException with {@code closeCode} set when the frame is a bad {@code hello}
     */
    public static ClientMessage decodeClient(String json, Limits limits) throws ProtocolException {
        JsonObject o = JsonFields.parseObject(json, "text frame");
        String type = typeOf(o);
        return switch (type) {
            case "hello" -> decodeHello(o);
            case "chat" -> decodeChat(o, limits);
            case "typing" -> new ClientMessage.Typing(typingState(o));
            case "history" -> decodeHistory(o);
            case "voice", LiveVoiceJson.CHUNK -> throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    type + " travels in a binary frame", JsonFields.optStringOrNull(o, "id"));
            case LiveVoiceJson.START -> LiveVoiceJson.decodeStart(o);
            case LiveVoiceJson.END -> LiveVoiceJson.decodeEnd(o);
            case LiveVoiceJson.CANCEL -> LiveVoiceJson.decodeCancel(o);
            default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown type \"" + type + "\"");
        };
    }

    /**
     * Decodes the JSON header of a client's binary frame ({@link VoiceFrame#split} checked its type): a whole clip's
     * {@link ClientMessage.Voice} or a live stream's {@link ClientMessage.VoiceChunk}. The audio is checked separately.
     */
    public static ClientMessage decodeClientBinaryHeader(JsonObject header) throws ProtocolException {
        if (LiveVoiceJson.CHUNK.equals(JsonFields.optStringOrNull(header, "type"))) {
            return LiveVoiceJson.decodeChunkHeader(header);
        }
        return decodeClientVoiceHeader(header);
    }

    /** Decodes the JSON header of a client's voice frame; the clip is checked separately. */
    public static ClientMessage.Voice decodeClientVoiceHeader(JsonObject header) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(header, "id");
        try {
            return new ClientMessage.Voice(checkedId(header));
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    static String checkedId(JsonObject o) throws ProtocolException {
        String id = JsonFields.string(o, "id");
        String problem = Names.idProblem(id).orElse(null);
        if (problem != null) {
            throw new ProtocolException(ErrorCode.BAD_REQUEST, problem);
        }
        return id;
    }

    private static ClientMessage.Hello decodeHello(JsonObject o) throws ProtocolException {
        try {
            long protocol = JsonFields.integer(o, "protocol");
            if (!Protocol.speaks(protocol)) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "protocol " + protocol + " is not supported; this relay speaks "
                        + Protocol.MIN_VERSION + " to " + Protocol.MAX_VERSION, null, CloseCodes.UNSUPPORTED_PROTOCOL);
            }
            String nick = JsonFields.string(o, "nick");
            String problem = Names.nickProblem(nick).orElse(null);
            if (problem != null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, problem);
            }
            String room = JsonFields.string(o, "room");
            problem = Names.roomProblem(room).orElse(null);
            if (problem != null) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, problem);
            }
            Long since = JsonFields.optLong(o, "since");
            if (since != null && since < 0) {
                throw JsonFields.invalid("since", "an integer >= 0");
            }
            return new ClientMessage.Hello((int) protocol, Names.normalizeNick(nick), room, since,
                    JsonFields.optString(o, "password"), JsonFields.optString(o, "client"));
        } catch (ProtocolException e) {
            if (e.closeCode() != 0) {
                throw e;
            }
            throw new ProtocolException(e.code(), "bad hello: " + e.getMessage(), null, CloseCodes.BAD_HELLO);
        }
    }

    private static ClientMessage.Chat decodeChat(JsonObject o, Limits limits) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(o, "id");
        try {
            String id = checkedId(o);
            String text = JsonFields.string(o, "text");
            if (JsonFields.onlyWhiteSpace(text)) {
                throw new ProtocolException(ErrorCode.BAD_REQUEST, "text is empty or only white space");
            }
            int chars = text.codePointCount(0, text.length());
            if (chars > limits.maxTextChars()) {
                throw new ProtocolException(ErrorCode.TOO_LARGE,
                        "text has " + chars + " characters; the limit is " + limits.maxTextChars());
            }
            return new ClientMessage.Chat(id, text);
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    private static ClientMessage.History decodeHistory(JsonObject o) throws ProtocolException {
        long before = JsonFields.integer(o, "before");
        if (before < 1) {
            throw JsonFields.invalid("before", "an integer >= 1");
        }
        long limit = JsonFields.integer(o, "limit");
        if (limit < 1 || limit > Protocol.MAX_HISTORY_LIMIT) {
            throw JsonFields.invalid("limit", "an integer from 1 to " + Protocol.MAX_HISTORY_LIMIT);
        }
        return new ClientMessage.History(before, (int) limit);
    }

    private static TypingState typingState(JsonObject o) throws ProtocolException {
        String s = JsonFields.string(o, "state");
        return TypingState.fromWire(s).orElseThrow(() -> JsonFields.invalid("state", "typing, recording or idle"));
    }

    private static String typeOf(JsonObject o) throws ProtocolException {
        return JsonFields.string(o, "type");
    }

    /** Encodes a client message as its JSON text (for a {@link ClientMessage.Voice}, the binary frame's header). */
    public static String encode(ClientMessage message) {
        return write(w -> {
            if (message instanceof ClientMessage.Hello h) {
                w.name("type").value("hello");
                w.name("protocol").value(h.protocol());
                w.name("nick").value(h.nick());
                w.name("room").value(h.room());
                if (h.since() != null) {
                    w.name("since").value(h.since());
                }
                if (h.password() != null) {
                    w.name("password").value(h.password());
                }
                if (h.client() != null) {
                    w.name("client").value(h.client());
                }
            } else if (message instanceof ClientMessage.Chat c) {
                w.name("type").value("chat");
                w.name("id").value(c.id());
                w.name("text").value(c.text());
            } else if (message instanceof ClientMessage.Voice v) {
                w.name("type").value("voice");
                w.name("id").value(v.id());
            } else if (message instanceof ClientMessage.Typing t) {
                w.name("type").value("typing");
                w.name("state").value(t.state().wire());
            } else if (message instanceof ClientMessage.History h) {
                w.name("type").value("history");
                w.name("before").value(h.before());
                w.name("limit").value(h.limit());
            } else if (message instanceof ClientMessage.VoiceStart v) {
                LiveVoiceJson.write(w, v);
            } else if (message instanceof ClientMessage.VoiceChunk v) {
                LiveVoiceJson.write(w, v);
            } else if (message instanceof ClientMessage.VoiceEnd v) {
                LiveVoiceJson.writeEnd(w, LiveVoiceJson.END, v.id());
            } else if (message instanceof ClientMessage.VoiceCancel v) {
                LiveVoiceJson.writeEnd(w, LiveVoiceJson.CANCEL, v.id());
            } else {
                throw new IllegalArgumentException("unknown message " + message);
            }
        });
    }

    // ---------------------------------------------------------------- server -> client

    /** Decodes a text frame sent by the relay (for clients). */
    public static ServerMessage decodeServer(String json) throws ProtocolException {
        return decodeServer(JsonFields.parseObject(json, "text frame"));
    }

    /** Decodes a parsed server message, including the header of a voice frame. */
    public static ServerMessage decodeServer(JsonObject o) throws ProtocolException {
        String type = typeOf(o);
        return switch (type) {
            case "welcome" -> new ServerMessage.Welcome(JsonFields.int32(o, "protocol"),
                    JsonFields.optString(o, "session"), JsonFields.string(o, "nick"), JsonFields.string(o, "room"),
                    stringList(o, "members"), JsonFields.integer(o, "lastSeq"), limits(o), JsonFields.optString(o, "server"));
            case "chat" -> new ServerMessage.Chat(JsonFields.integer(o, "seq"), JsonFields.string(o, "id"),
                    JsonFields.string(o, "from"), JsonFields.string(o, "text"), JsonFields.integer(o, "ts"),
                    JsonFields.optBoolean(o, "replay"));
            case "voice" -> new ServerMessage.Voice(JsonFields.integer(o, "seq"), JsonFields.string(o, "id"),
                    JsonFields.string(o, "from"), JsonFields.integer(o, "ts"), JsonFields.integer(o, "durationMs"),
                    JsonFields.int32(o, "sampleRate"), JsonFields.int32(o, "channels"),
                    JsonFields.integer(o, "bytes"), JsonFields.optBoolean(o, "replay"));
            case "typing" -> new ServerMessage.Typing(JsonFields.string(o, "from"), typingState(o));
            case "presence" -> new ServerMessage.Presence(presenceEvent(o), JsonFields.string(o, "nick"),
                    stringList(o, "members"));
            case "history-end" -> new ServerMessage.HistoryEnd(JsonFields.integer(o, "before"),
                    JsonFields.int32(o, "count"));
            case "error" -> new ServerMessage.Error(
                    ErrorCode.fromWire(JsonFields.string(o, "code")).orElse(ErrorCode.BAD_REQUEST),
                    JsonFields.optString(o, "message"), JsonFields.optString(o, "ref"));
            case LiveVoiceJson.START -> LiveVoiceJson.decodeServerStart(o);
            case LiveVoiceJson.CHUNK -> LiveVoiceJson.decodeServerChunk(o);
            case LiveVoiceJson.ABORT -> LiveVoiceJson.decodeServerAbort(o);
            default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown type \"" + type + "\"");
        };
    }

    private static ServerMessage.Presence.Event presenceEvent(JsonObject o) throws ProtocolException {
        return switch (JsonFields.string(o, "event")) {
            case "join" -> ServerMessage.Presence.Event.JOIN;
            case "leave" -> ServerMessage.Presence.Event.LEAVE;
            default -> throw JsonFields.invalid("event", "join or leave");
        };
    }

    private static Limits limits(JsonObject o) throws ProtocolException {
        if (!(o.get("limits") instanceof JsonObject l)) {
            throw JsonFields.invalid("limits", "an object");
        }
        try {
            return new Limits(JsonFields.int32(l, "maxTextChars"), JsonFields.int32(l, "maxClipBytes"),
                    JsonFields.integer(l, "maxClipMillis"));
        } catch (IllegalArgumentException e) {
            throw JsonFields.invalid("limits", "positive numbers");
        }
    }

    private static List<String> stringList(JsonObject o, String name) throws ProtocolException {
        if (!(o.get(name) instanceof com.google.gson.JsonArray a)) {
            throw JsonFields.invalid(name, "an array of strings");
        }
        List<String> out = new ArrayList<>(a.size());
        for (var e : a) {
            if (!(e instanceof com.google.gson.JsonPrimitive p && p.isString())) {
                throw JsonFields.invalid(name, "an array of strings");
            }
            out.add(p.getAsString());
        }
        return out;
    }

    /** Encodes a server message as its JSON text (for {@link ServerMessage.Voice} and {@link ServerMessage.VoiceChunk}, the binary frame's header). */
    public static String encode(ServerMessage message) {
        return write(w -> {
            if (message instanceof ServerMessage.Welcome m) {
                w.name("type").value("welcome");
                w.name("protocol").value(m.protocol());
                w.name("session").value(m.session());
                w.name("nick").value(m.nick());
                w.name("room").value(m.room());
                names(w, "members", m.members());
                w.name("lastSeq").value(m.lastSeq());
                w.name("limits").beginObject();
                w.name("maxTextChars").value(m.limits().maxTextChars());
                w.name("maxClipBytes").value(m.limits().maxClipBytes());
                w.name("maxClipMillis").value(m.limits().maxClipMillis());
                w.endObject();
                w.name("server").value(m.server());
            } else if (message instanceof ServerMessage.Chat m) {
                w.name("type").value("chat");
                w.name("seq").value(m.seq());
                w.name("id").value(m.id());
                w.name("from").value(m.from());
                w.name("text").value(m.text());
                w.name("ts").value(m.ts());
                if (m.replay()) {
                    w.name("replay").value(true);
                }
            } else if (message instanceof ServerMessage.Voice m) {
                w.name("type").value("voice");
                w.name("seq").value(m.seq());
                w.name("id").value(m.id());
                w.name("from").value(m.from());
                w.name("ts").value(m.ts());
                w.name("durationMs").value(m.durationMs());
                w.name("sampleRate").value(m.sampleRate());
                w.name("channels").value(m.channels());
                w.name("bytes").value(m.bytes());
                if (m.replay()) {
                    w.name("replay").value(true);
                }
            } else if (message instanceof ServerMessage.Typing m) {
                w.name("type").value("typing");
                w.name("from").value(m.from());
                w.name("state").value(m.state().wire());
            } else if (message instanceof ServerMessage.Presence m) {
                w.name("type").value("presence");
                w.name("event").value(m.event() == ServerMessage.Presence.Event.JOIN ? "join" : "leave");
                w.name("nick").value(m.nick());
                names(w, "members", m.members());
            } else if (message instanceof ServerMessage.HistoryEnd m) {
                w.name("type").value("history-end");
                w.name("before").value(m.before());
                w.name("count").value(m.count());
            } else if (message instanceof ServerMessage.Error m) {
                w.name("type").value("error");
                w.name("code").value(m.code().wire());
                w.name("message").value(m.message());
                if (m.ref() != null) {
                    w.name("ref").value(m.ref());
                }
            } else if (message instanceof ServerMessage.VoiceStart m) {
                LiveVoiceJson.write(w, m);
            } else if (message instanceof ServerMessage.VoiceChunk m) {
                LiveVoiceJson.write(w, m);
            } else if (message instanceof ServerMessage.VoiceAbort m) {
                LiveVoiceJson.write(w, m);
            } else {
                throw new IllegalArgumentException("unknown message " + message);
            }
        });
    }

    private static void names(JsonWriter w, String name, List<String> values) throws IOException {
        w.name(name).beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    private interface Body {
        void write(JsonWriter w) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonWriter w = new JsonWriter(out)) {
            w.setHtmlSafe(false);
            w.beginObject();
            body.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }
}
