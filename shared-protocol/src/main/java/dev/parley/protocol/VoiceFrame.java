package dev.parley.protocol;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The binary voice frame: {@code [u32 BE header length H][H bytes of JSON header][payload]}. The payload is a whole
 * WAV clip when the header's type is {@code voice}, raw PCM when it is {@code voice-chunk} (a live stream, version 2).
 * Lengths on the wire are checked against the bytes present before anything is allocated.
 */
public final class VoiceFrame {
    static final int LENGTH_BYTES = 4;

    private VoiceFrame() {
    }

    /**
     * A split frame.
     *
     * @param header the parsed header object (its {@code type} is {@code voice} or {@code voice-chunk})
     * @param clip   the payload (a clip, or a chunk's PCM): a read-only view into the frame, not a copy
     */
    public record Parts(JsonObject header, ByteBuffer clip) {
    }

    /** Splits a binary frame into header and clip, or fails with {@code bad_frame}. Does not move {@code frame}'s position. */
    public static Parts split(ByteBuffer frame) throws ProtocolException {
        ByteBuffer f = frame.slice().order(ByteOrder.BIG_ENDIAN);
        if (f.remaining() < LENGTH_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "binary frame is shorter than its 4-byte header length");
        }
        long h = Integer.toUnsignedLong(f.getInt(0));
        if (h < Protocol.MIN_VOICE_HEADER_BYTES || h > Protocol.MAX_VOICE_HEADER_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "header length " + h + " is outside "
                    + Protocol.MIN_VOICE_HEADER_BYTES + ".." + Protocol.MAX_VOICE_HEADER_BYTES);
        }
        if (h > f.remaining() - LENGTH_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "header length " + h + " runs past the end of the frame ("
                    + (f.remaining() - LENGTH_BYTES) + " bytes follow)");
        }
        int headerLength = (int) h;
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(f.slice(LENGTH_BYTES, headerLength))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "voice header is not valid UTF-8");
        }
        JsonObject header = JsonFields.parseObject(json, "voice header");
        JsonElement type = header.get("type");
        if (type == null || !type.isJsonPrimitive()
                || !("voice".equals(type.getAsString()) || LiveVoiceJson.CHUNK.equals(type.getAsString()))) {
            throw new ProtocolException(ErrorCode.BAD_FRAME, "binary frame header must have \"type\":\"voice\" or \"voice-chunk\"",
                    JsonFields.optStringOrNull(header, "id"));
        }
        int clipStart = LENGTH_BYTES + headerLength;
        ByteBuffer clip = f.slice(clipStart, f.remaining() - clipStart).asReadOnlyBuffer();
        return new Parts(header, clip);
    }

    /** Builds a frame from a header's JSON text and a clip (whose position and limit are kept). */
    public static ByteBuffer encode(String headerJson, ByteBuffer clip) {
        byte[] header = header(headerJson);
        ByteBuffer out = ByteBuffer.allocate(bytes(header, clip.remaining()));
        return put(out, header, clip).flip();
    }

    /** A header's JSON text as the frame carries it (UTF-8), checked against the header size limits. */
    public static byte[] header(String headerJson) {
        byte[] header = headerJson.getBytes(StandardCharsets.UTF_8);
        if (header.length < Protocol.MIN_VOICE_HEADER_BYTES || header.length > Protocol.MAX_VOICE_HEADER_BYTES) {
            throw new IllegalArgumentException("voice header of " + header.length + " bytes");
        }
        return header;
    }

    /** Size of the frame of {@code header} (from {@link #header}) and a clip of {@code clipBytes}. */
    public static int bytes(byte[] header, int clipBytes) {
        return LENGTH_BYTES + header.length + clipBytes;
    }

    /**
     * Writes the frame of {@code header} (from {@link #header}) and {@code clip} into {@code to} at its position, so a
     * caller can build it where it will be sent from, with one copy of the clip; returns {@code to}.
     */
    public static ByteBuffer put(ByteBuffer to, byte[] header, ByteBuffer clip) {
        return to.putInt(header.length).put(header).put(clip.duplicate());
    }

    /** Builds a frame from a header's JSON text and a clip. */
    public static ByteBuffer encode(String headerJson, byte[] clip) {
        return encode(headerJson, ByteBuffer.wrap(clip));
    }
}
