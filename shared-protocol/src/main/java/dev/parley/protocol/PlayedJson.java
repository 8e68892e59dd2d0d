package dev.parley.protocol;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The JSON of version 3's played receipts, for {@link ClientCodec} and {@link ServerCodec}: the {@code played}
 * message both ways, and the receipt fields of {@code hello} ({@code playedSince}) and {@code welcome}
 * ({@code lastPlayed}), which only a version-3 session carries.
 */
final class PlayedJson {
    static final String TYPE = "played";

    private PlayedJson() {
    }

    /** A client's {@code {"type":"played","seq":57}}: {@code seq} an integer >= 1, else {@code bad_request}. */
    static ClientMessage.Played decodeClient(JsonObject o) throws ProtocolException {
        return new ClientMessage.Played(atLeast(o, "seq", 1));
    }

    /** A hello's {@code playedSince}: an integer >= 0 or absent; not read below version 3 (it means nothing there). */
    static Long playedSince(JsonObject hello, int protocol) throws ProtocolException {
        if (!Protocol.hasReceipts(protocol)) {
            return null;
        }
        Long since = JsonFields.optLong(hello, "playedSince");
        if (since != null && since < 0) {
            throw JsonFields.invalid("playedSince", "an integer >= 0");
        }
        return since;
    }

    /** A welcome's {@code lastPlayed}: required from version 3 on, 0 below it. */
    static long lastPlayed(JsonObject welcome, int protocol) throws ProtocolException {
        return Protocol.hasReceipts(protocol) ? atLeast(welcome, "lastPlayed", 0) : 0;
    }

    /** The relay's receipt. */
    static ServerMessage.Played decodeServer(JsonObject o) throws ProtocolException {
        return new ServerMessage.Played(atLeast(o, "seq", 1), JsonFields.string(o, "nick"), JsonFields.integer(o, "ts"),
                atLeast(o, "id", 1), JsonFields.optBoolean(o, "replay"));
    }

    static void write(JsonWriter w, ClientMessage.Played m) throws IOException {
        w.name("type").value(TYPE);
        w.name("seq").value(m.seq());
    }

    static void write(JsonWriter w, ServerMessage.Played m) throws IOException {
        w.name("type").value(TYPE);
        w.name("seq").value(m.seq());
        w.name("nick").value(m.nick());
        w.name("ts").value(m.ts());
        w.name("id").value(m.id());
        if (m.replay()) {
            w.name("replay").value(true);
        }
    }

    private static long atLeast(JsonObject o, String name, long min) throws ProtocolException {
        long v = JsonFields.integer(o, name);
        if (v < min) {
            throw JsonFields.invalid(name, "an integer >= " + min);
        }
        return v;
    }
}
