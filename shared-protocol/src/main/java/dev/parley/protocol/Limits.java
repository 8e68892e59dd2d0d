package dev.parley.protocol;

/**
 * Limits a relay announces in {@code welcome}.
 *
 * @param maxTextChars  longest chat text, in characters (code points)
 * @param maxClipBytes  largest clip (the WAV file), in bytes
 * @param maxClipMillis longest clip, in milliseconds
 */
public record Limits(int maxTextChars, int maxClipBytes, long maxClipMillis) {
    /** The relay's defaults. */
    public static final Limits DEFAULTS = new Limits(4000, 16 * 1024 * 1024, 300_000);

    public Limits {
        if (maxTextChars < 1 || maxClipBytes < 44 || maxClipMillis < 1) {
            throw new IllegalArgumentException("limits must be positive: " + maxTextChars + ", " + maxClipBytes + ", " + maxClipMillis);
        }
    }

    /** Largest binary frame the relay accepts: the clip plus the header allowance. */
    public long maxBinaryFrameBytes() {
        return (long) maxClipBytes + Protocol.VOICE_FRAME_OVERHEAD_BYTES;
    }
}
