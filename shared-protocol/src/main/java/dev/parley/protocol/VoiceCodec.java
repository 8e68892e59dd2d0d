package dev.parley.protocol;

import java.util.Optional;

/**
 * How the audio of a live stream is encoded ({@code voice-start}'s {@code codec}). The field exists so that another
 * codec (Opus) can come later without a new protocol version; a relay refuses codecs it does not know with
 * {@code bad_audio}.
 */
public enum VoiceCodec {
    /** Raw PCM, signed 16-bit little-endian, channels interleaved, no WAV header: the {@code data} of a clip. */
    PCM16("pcm16");

    private final String wire;

    VoiceCodec(String wire) {
        this.wire = wire;
    }

    /** The codec as it appears on the wire. */
    public String wire() {
        return wire;
    }

    /** The codec for a wire string, if it is one of ours. */
    public static Optional<VoiceCodec> fromWire(String wire) {
        for (VoiceCodec c : values()) {
            if (c.wire.equals(wire)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
