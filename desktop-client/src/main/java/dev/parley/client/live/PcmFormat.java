package dev.parley.client.live;

import dev.parley.protocol.Protocol;

/**
 * Signed 16-bit little-endian PCM at a sample rate and channel count, and the sizes that follow from them.
 *
 * @param sampleRate Hz
 * @param channels   1 or 2
 */
public record PcmFormat(int sampleRate, int channels) {
    /** What the app records: 16 kHz mono. */
    public static final PcmFormat VOICE = new PcmFormat(16_000, 1);

    public PcmFormat {
        if (sampleRate <= 0 || channels < 1 || channels > 2) {
            throw new IllegalArgumentException("PCM of " + sampleRate + " Hz, " + channels + " channels");
        }
    }

    /** Bytes of one sample frame (all channels). */
    public int frameBytes() {
        return channels * 2;
    }

    /** Bytes of {@code millis} of audio, rounded down to whole frames. */
    public int bytesFor(long millis) {
        return (int) (millis * sampleRate / 1000) * frameBytes();
    }

    /** Bytes of one live chunk ({@link Protocol#LIVE_CHUNK}, 20 ms: 640 at 16 kHz mono). */
    public int chunkBytes() {
        return bytesFor(Protocol.LIVE_CHUNK.toMillis());
    }
}
