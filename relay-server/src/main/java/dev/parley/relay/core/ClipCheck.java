package dev.parley.relay.core;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;

import java.nio.ByteBuffer;

/** The checks every clip passes before it is stored, sent whole or streamed: size, format, duration, in that order. */
final class ClipCheck {
    private ClipCheck() {
    }

    /** The clip's format, or a {@code too_large} / {@code bad_audio} refusal concerning message {@code ref}. */
    static WavInfo check(ByteBuffer clip, Limits limits, String ref) throws ProtocolException {
        if (clip.remaining() > limits.maxClipBytes()) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "clip is " + clip.remaining()
                    + " bytes; the limit is " + limits.maxClipBytes(), ref);
        }
        WavInfo info;
        try {
            info = Wav.inspect(clip);
        } catch (ProtocolException e) {
            throw e.withRef(ref);
        }
        if (info.durationMs() > limits.maxClipMillis()) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "clip is " + info.durationMs()
                    + " ms long; the limit is " + limits.maxClipMillis(), ref);
        }
        return info;
    }
}
