package dev.parley.protocol;

import com.google.gson.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The JSON of what a client sends ({@link ClientMessage}), both ways. Decoding rejects what PROTOCOL.md rejects, with
 * its error code; unknown fields are ignored. Encoding omits absent optional fields.
 */
public final class ClientCodec {
    private ClientCodec() {
    }

    /**
     * Decodes a text frame sent by a client.
     *
     * @param limits the relay's limits, for the length of chat text
     * @throws ProtocolException with {@code closeCode} set when the frame is a bad {@code hello}
     */
    public static ClientMessage decode(String json, Limits limits) throws ProtocolException {
        JsonObject o = JsonFields.parseObject(json, "text frame");
        String type = JsonFields.string(o, "type");
        return switch (type) {
            case "hello" -> decodeHello(o);
            case "chat" -> decodeChat(o, limits);
            case "typing" -> new ClientMessage.Typing(JsonFields.typingState(o));
            case "history" -> decodeHistory(o);
            case "voice", LiveVoiceJson.CHUNK -> throw new ProtocolException(ErrorCode.BAD_REQUEST,
                    type + " travels in a binary frame", JsonFields.optStringOrNull(o, "id"));
            case LiveVoiceJson.START -> LiveVoiceJson.decodeStart(o);
            case LiveVoiceJson.END -> LiveVoiceJson.decodeEnd(o);
            case LiveVoiceJson.CANCEL -> LiveVoiceJson.decodeCancel(o);
            case PlayedJson.TYPE -> PlayedJson.decodeClient(o);
            default -> throw new ProtocolException(ErrorCode.BAD_REQUEST, "unknown type \"" + type + "\"");
        };
    }

    /**
     * Decodes the JSON header of a client's binary frame ({@link VoiceFrame#split} checked its type): a whole clip's
     * {@link ClientMessage.Voice} or a live stream's {@link ClientMessage.VoiceChunk}. The audio is checked separately.
     */
    public static ClientMessage decodeBinaryHeader(JsonObject header) throws ProtocolException {
        if (LiveVoiceJson.CHUNK.equals(JsonFields.optStringOrNull(header, "type"))) {
            return LiveVoiceJson.decodeChunkHeader(header);
        }
        return decodeVoiceHeader(header);
    }

    /**
     * A client's binary frame, decoded: its header as a message ({@link ClientMessage.Voice} or
     * {@link ClientMessage.VoiceChunk}) and its audio, a read-only view into the frame.
     */
    public record Binary(ClientMessage header, ByteBuffer audio) {
    }

    /**
     * Decodes a client's binary frame, as {@link VoiceFrame#split} and then {@link #decodeBinaryHeader} do (the same
     * messages, the same errors), reading a live chunk's header in its usual plain form without a JSON tree.
     * Does not move {@code frame}'s position.
     */
    public static Binary decodeBinary(ByteBuffer frame) throws ProtocolException {
        ByteBuffer f = frame.slice().order(ByteOrder.BIG_ENDIAN);
        if (f.remaining() >= VoiceFrame.LENGTH_BYTES) {
            long h = Integer.toUnsignedLong(f.getInt(0));
            if (h >= Protocol.MIN_VOICE_HEADER_BYTES && h <= Protocol.MAX_VOICE_HEADER_BYTES
                    && h <= f.remaining() - VoiceFrame.LENGTH_BYTES) {
                ClientMessage.VoiceChunk chunk = PlainChunkHeader.read(f, VoiceFrame.LENGTH_BYTES, (int) h);
                if (chunk != null) {
                    int audio = VoiceFrame.LENGTH_BYTES + (int) h;
                    return new Binary(chunk, f.slice(audio, f.remaining() - audio).asReadOnlyBuffer());
                }
            }
        }
        VoiceFrame.Parts parts = VoiceFrame.split(frame);
        return new Binary(decodeBinaryHeader(parts.header()), parts.clip());
    }

    /** Decodes the JSON header of a client's voice frame; the clip is checked separately. */
    public static ClientMessage.Voice decodeVoiceHeader(JsonObject header) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(header, "id");
        try {
            return new ClientMessage.Voice(checkedId(header));
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    /** Encodes a client message as its JSON text (for a {@link ClientMessage.Voice}, the binary frame's header). */
    public static String encode(ClientMessage message) {
        Encoder encoder = new Encoder();
        message.accept(encoder);
        return JsonFields.writeObject(encoder.fields);
    }

    /** An {@code id} field that is a valid message id. */
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
                    JsonFields.optString(o, "password"), JsonFields.optString(o, "client"),
                    PlayedJson.playedSince(o, (int) protocol), JsonFields.optString(o, "resume"));
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

    /** Picks the fields to write for each message type. */
    private static final class Encoder implements ClientMessage.Handler {
        JsonFields.Writing fields;

        @Override
        public void hello(ClientMessage.Hello h) {
            fields = w -> {
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
                if (h.playedSince() != null) {
                    w.name("playedSince").value(h.playedSince());
                }
                if (h.resume() != null) {
                    w.name("resume").value(h.resume());
                }
            };
        }

        @Override
        public void chat(ClientMessage.Chat c) {
            fields = w -> {
                w.name("type").value("chat");
                w.name("id").value(c.id());
                w.name("text").value(c.text());
            };
        }

        @Override
        public void voice(ClientMessage.Voice v) {
            fields = w -> {
                w.name("type").value("voice");
                w.name("id").value(v.id());
            };
        }

        @Override
        public void typing(ClientMessage.Typing t) {
            fields = w -> {
                w.name("type").value("typing");
                w.name("state").value(t.state().wire());
            };
        }

        @Override
        public void history(ClientMessage.History h) {
            fields = w -> {
                w.name("type").value("history");
                w.name("before").value(h.before());
                w.name("limit").value(h.limit());
            };
        }

        @Override
        public void voiceStart(ClientMessage.VoiceStart m) {
            fields = w -> LiveVoiceJson.write(w, m);
        }

        @Override
        public void voiceChunk(ClientMessage.VoiceChunk m) {
            fields = w -> LiveVoiceJson.write(w, m);
        }

        @Override
        public void voiceEnd(ClientMessage.VoiceEnd m) {
            fields = w -> LiveVoiceJson.writeEnd(w, LiveVoiceJson.END, m.id());
        }

        @Override
        public void voiceCancel(ClientMessage.VoiceCancel m) {
            fields = w -> LiveVoiceJson.writeEnd(w, LiveVoiceJson.CANCEL, m.id());
        }

        @Override
        public void played(ClientMessage.Played m) {
            fields = w -> PlayedJson.write(w, m);
        }
    }
}
