package dev.parley.protocol;

/**
 * What {@link Wav#inspect} found in a valid clip.
 *
 * @param dataOffset offset of the first sample byte from the start of the clip
 * @param dataLength number of sample bytes (a whole number of frames, never 0)
 */
public record WavInfo(int sampleRate, int channels, int bitsPerSample, int dataOffset, int dataLength, long durationMs) {

    /** Bytes per sample frame (all channels). */
    public int blockAlign() {
        return channels * bitsPerSample / 8;
    }

    /** Number of sample frames. */
    public long frames() {
        return dataLength / blockAlign();
    }
}
