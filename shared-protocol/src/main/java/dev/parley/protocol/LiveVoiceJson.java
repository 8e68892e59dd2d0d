package dev.parley.protocol;

import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;

/**
 * The JSON of the live-voice messages of version 2, for {@link ClientCodec} and {@link ServerCodec}: decoding with
 * PROTOCOL.md's errors, and encoding.
 */
final class LiveVoiceJson {
    static final String START = "voice-start";
    static final String CHUNK = "voice-chunk";
    static final String END = "voice-end";
    static final String CANCEL = "voice-cancel";
    static final String ABORT = "voice-abort";

    private LiveVoiceJson() {
    }

    // ---------------------------------------------------------------- client -> server

    static ClientMessage.VoiceStart decodeStart(JsonObject o) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(o, "id");
        try {
            String id = ClientCodec.checkedId(o);
            String codecName = JsonFields.string(o, "codec");
            VoiceCodec codec = VoiceCodec.fromWire(codecName).orElseThrow(() -> new ProtocolException(
                    ErrorCode.BAD_AUDIO, "codec \"" + codecName + "\" is not supported; this relay accepts "
                    + VoiceCodec.PCM16.wire()));
            long rate = JsonFields.integer(o, "sampleRate");
            if (rate < Wav.MIN_SAMPLE_RATE || rate > Wav.MAX_SAMPLE_RATE) {
                throw new ProtocolException(ErrorCode.BAD_AUDIO, "sample rate " + rate + " Hz is outside "
                        + Wav.MIN_SAMPLE_RATE + "-" + Wav.MAX_SAMPLE_RATE + " Hz");
            }
            long channels = JsonFields.integer(o, "channels");
            if (channels < 1 || channels > 2) {
                throw new ProtocolException(ErrorCode.BAD_AUDIO, "stream has " + channels
                        + " channels; only 1 or 2 are accepted");
            }
            return new ClientMessage.VoiceStart(id, codec, (int) rate, (int) channels);
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    static ClientMessage.VoiceChunk decodeChunkHeader(JsonObject o) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(o, "id");
        try {
            String id = ClientCodec.checkedId(o);
            long n = JsonFields.integer(o, "n");
            if (n < 0) {
                throw JsonFields.invalid("n", "an integer >= 0");
            }
            return new ClientMessage.VoiceChunk(id, n);
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    static ClientMessage.VoiceEnd decodeEnd(JsonObject o) throws ProtocolException {
        return new ClientMessage.VoiceEnd(idOf(o));
    }

    static ClientMessage.VoiceCancel decodeCancel(JsonObject o) throws ProtocolException {
        return new ClientMessage.VoiceCancel(idOf(o));
    }

    private static String idOf(JsonObject o) throws ProtocolException {
        String ref = JsonFields.optStringOrNull(o, "id");
        try {
            return ClientCodec.checkedId(o);
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
    }

    static void write(JsonWriter w, ClientMessage.VoiceStart m) throws IOException {
        w.name("type").value(START);
        w.name("id").value(m.id());
        w.name("codec").value(m.codec().wire());
        w.name("sampleRate").value(m.sampleRate());
        w.name("channels").value(m.channels());
    }

    static void write(JsonWriter w, ClientMessage.VoiceChunk m) throws IOException {
        w.name("type").value(CHUNK);
        w.name("id").value(m.id());
        w.name("n").value(m.n());
    }

    static void writeEnd(JsonWriter w, String type, String id) throws IOException {
        w.name("type").value(type);
        w.name("id").value(id);
    }

    // ---------------------------------------------------------------- server -> client

    static ServerMessage.VoiceStart decodeServerStart(JsonObject o) throws ProtocolException {
        String codecName = JsonFields.string(o, "codec");
        VoiceCodec codec = VoiceCodec.fromWire(codecName)
                .orElseThrow(() -> JsonFields.invalid("codec", "a codec this client knows (" + VoiceCodec.PCM16.wire() + ")"));
        long startMs = JsonFields.integer(o, "startMs");
        if (startMs < 0) {
            throw JsonFields.invalid("startMs", "an integer >= 0");
        }
        return new ServerMessage.VoiceStart(JsonFields.string(o, "id"), JsonFields.string(o, "from"), codec,
                JsonFields.int32(o, "sampleRate"), JsonFields.int32(o, "channels"), startMs);
    }

    static ServerMessage.VoiceChunk decodeServerChunk(JsonObject o) throws ProtocolException {
        long n = JsonFields.integer(o, "n");
        if (n < 0) {
            throw JsonFields.invalid("n", "an integer >= 0");
        }
        return new ServerMessage.VoiceChunk(JsonFields.string(o, "id"), JsonFields.string(o, "from"), n);
    }

    static ServerMessage.VoiceAbort decodeServerAbort(JsonObject o) throws ProtocolException {
        String reason = JsonFields.optString(o, "reason");
        return new ServerMessage.VoiceAbort(JsonFields.string(o, "id"), JsonFields.string(o, "from"),
                reason == null ? AbortReason.INTERRUPTED : AbortReason.fromWire(reason).orElse(AbortReason.INTERRUPTED));
    }

    static void write(JsonWriter w, ServerMessage.VoiceStart m) throws IOException {
        w.name("type").value(START);
        w.name("id").value(m.id());
        w.name("from").value(m.from());
        w.name("codec").value(m.codec().wire());
        w.name("sampleRate").value(m.sampleRate());
        w.name("channels").value(m.channels());
        w.name("startMs").value(m.startMs());
    }

    static void write(JsonWriter w, ServerMessage.VoiceChunk m) throws IOException {
        w.name("type").value(CHUNK);
        w.name("id").value(m.id());
        w.name("from").value(m.from());
        w.name("n").value(m.n());
    }

    static void write(JsonWriter w, ServerMessage.VoiceAbort m) throws IOException {
        w.name("type").value(ABORT);
        w.name("id").value(m.id());
        w.name("from").value(m.from());
        w.name("reason").value(m.reason().wire());
    }
}
