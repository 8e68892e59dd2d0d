package dev.parley.protocol;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of what the relay sends ({@link ServerMessage}), both ways. Decoding (for clients) fails with
 * {@code bad_request} on a missing or mistyped field; unknown fields are ignored. Encoding omits absent optional fields.
 */
public final class ServerCodec {
    private ServerCodec() {
    }

    /** Decodes a text frame sent by the relay (for clients). */
    public static ServerMessage decode(String json) throws ProtocolException {
        return decode(JsonFields.parseObject(json, "text frame"));
    }

    /** Decodes a parsed server message, including the header of a voice frame. */
    public static ServerMessage decode(JsonObject o) throws ProtocolException {
        String type = JsonFields.string(o, "type");
        return switch (type) {
            case "welcome" -> welcome(o);
            case "chat" -> new ServerMessage.Chat(JsonFields.integer(o, "seq"), JsonFields.string(o, "id"),
                    JsonFields.string(o, "from"), JsonFields.string(o, "text"), JsonFields.integer(o, "ts"),
                    JsonFields.optBoolean(o, "replay"));
            case "voice" -> new ServerMessage.Voice(JsonFields.integer(o, "seq"), JsonFields.string(o, "id"),
                    JsonFields.string(o, "from"), JsonFields.integer(o, "ts"), JsonFields.integer(o, "durationMs"),
                    JsonFields.int32(o, "sampleRate"), JsonFields.int32(o, "channels"),
                    JsonFields.integer(o, "bytes"), JsonFields.optBoolean(o, "replay"));
            case "typing" -> new ServerMessage.Typing(JsonFields.string(o, "from"), JsonFields.typingState(o));
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
            case PlayedJson.TYPE -> PlayedJson.decodeServer(o);
            default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown type \"" + type + "\"");
        };
    }

    /**
     * Encodes a server message as its JSON text (for {@link ServerMessage.Voice} and {@link ServerMessage.VoiceChunk},
     * the binary frame's header).
     */
    public static String encode(ServerMessage message) {
        Encoder encoder = new Encoder();
        message.accept(encoder);
        return JsonFields.writeObject(encoder.fields);
    }

    private static ServerMessage.Welcome welcome(JsonObject o) throws ProtocolException {
        int protocol = JsonFields.int32(o, "protocol");
        return new ServerMessage.Welcome(protocol, JsonFields.optString(o, "session"), JsonFields.string(o, "nick"),
                JsonFields.string(o, "room"), stringList(o, "members"), JsonFields.integer(o, "lastSeq"), limits(o),
                JsonFields.optString(o, "server"), PlayedJson.lastPlayed(o, protocol), relays(o));
    }

    /**
     * A welcome's {@code relays}: absent or null is none; an entry that is not an object with a valid {@code url} and
     * {@code fingerprint} is skipped (a client never fails a welcome over a relay it could not use anyway).
     */
    private static List<RelayAddress> relays(JsonObject o) throws ProtocolException {
        JsonElement e = o.get("relays");
        if (e == null || e.isJsonNull()) {
            return List.of();
        }
        if (!(e instanceof JsonArray a)) {
            throw JsonFields.invalid("relays", "an array");
        }
        List<RelayAddress> out = new ArrayList<>(a.size());
        for (JsonElement entry : a) {
            if (entry instanceof JsonObject r && r.get("url") instanceof JsonPrimitive url && url.isString()
                    && r.get("fingerprint") instanceof JsonPrimitive fp && fp.isString()
                    && RelayAddress.urlProblem(url.getAsString()).isEmpty()
                    && RelayAddress.fingerprintProblem(fp.getAsString()).isEmpty()) {
                out.add(new RelayAddress(url.getAsString(), fp.getAsString()));
            }
        }
        return out;
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
        if (!(o.get(name) instanceof JsonArray a)) {
            throw JsonFields.invalid(name, "an array of strings");
        }
        List<String> out = new ArrayList<>(a.size());
        for (var e : a) {
            if (!(e instanceof JsonPrimitive p && p.isString())) {
                throw JsonFields.invalid(name, "an array of strings");
            }
            out.add(p.getAsString());
        }
        return out;
    }

    private static void names(JsonWriter w, String name, List<String> values) throws IOException {
        w.name(name).beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    /** Picks the fields to write for each message type. */
    private static final class Encoder implements ServerMessage.Handler {
        JsonFields.Writing fields;

        @Override
        public void welcome(ServerMessage.Welcome m) {
            fields = w -> {
                w.name("type").value("welcome");
                w.name("protocol").value(m.protocol());
                w.name("session").value(m.session());
                w.name("nick").value(m.nick());
                w.name("room").value(m.room());
                names(w, "members", m.members());
                w.name("lastSeq").value(m.lastSeq());
                if (Protocol.hasReceipts(m.protocol())) {
                    w.name("lastPlayed").value(m.lastPlayed());
                }
                w.name("limits").beginObject();
                w.name("maxTextChars").value(m.limits().maxTextChars());
                w.name("maxClipBytes").value(m.limits().maxClipBytes());
                w.name("maxClipMillis").value(m.limits().maxClipMillis());
                w.endObject();
                w.name("server").value(m.server());
                if (!m.relays().isEmpty()) {
                    w.name("relays").beginArray();
                    for (RelayAddress r : m.relays()) {
                        w.beginObject().name("url").value(r.url()).name("fingerprint").value(r.fingerprint()).endObject();
                    }
                    w.endArray();
                }
            };
        }

        @Override
        public void chat(ServerMessage.Chat m) {
            fields = w -> {
                w.name("type").value("chat");
                w.name("seq").value(m.seq());
                w.name("id").value(m.id());
                w.name("from").value(m.from());
                w.name("text").value(m.text());
                w.name("ts").value(m.ts());
                if (m.replay()) {
                    w.name("replay").value(true);
                }
            };
        }

        @Override
        public void voice(ServerMessage.Voice m) {
            fields = w -> {
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
            };
        }

        @Override
        public void typing(ServerMessage.Typing m) {
            fields = w -> {
                w.name("type").value("typing");
                w.name("from").value(m.from());
                w.name("state").value(m.state().wire());
            };
        }

        @Override
        public void presence(ServerMessage.Presence m) {
            fields = w -> {
                w.name("type").value("presence");
                w.name("event").value(m.event() == ServerMessage.Presence.Event.JOIN ? "join" : "leave");
                w.name("nick").value(m.nick());
                names(w, "members", m.members());
            };
        }

        @Override
        public void historyEnd(ServerMessage.HistoryEnd m) {
            fields = w -> {
                w.name("type").value("history-end");
                w.name("before").value(m.before());
                w.name("count").value(m.count());
            };
        }

        @Override
        public void error(ServerMessage.Error m) {
            fields = w -> {
                w.name("type").value("error");
                w.name("code").value(m.code().wire());
                w.name("message").value(m.message());
                if (m.ref() != null) {
                    w.name("ref").value(m.ref());
                }
            };
        }

        @Override
        public void voiceStart(ServerMessage.VoiceStart m) {
            fields = w -> LiveVoiceJson.write(w, m);
        }

        @Override
        public void voiceChunk(ServerMessage.VoiceChunk m) {
            fields = w -> LiveVoiceJson.write(w, m);
        }

        @Override
        public void voiceAbort(ServerMessage.VoiceAbort m) {
            fields = w -> LiveVoiceJson.write(w, m);
        }

        @Override
        public void played(ServerMessage.Played m) {
            fields = w -> PlayedJson.write(w, m);
        }
    }
}
