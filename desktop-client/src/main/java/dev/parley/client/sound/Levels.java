package dev.parley.client.sound;

/** Loudness of a block of 16-bit little-endian samples, as the level meter and the live waveform show it. */
public record Levels(double rms, double peak) {
    public static final Levels SILENCE = new Levels(0, 0);

    /** RMS and peak of {@code len} bytes of 16-bit little-endian samples, each from 0 to 1. */
    public static Levels of(byte[] pcm16le, int off, int len) {
        int samples = len / 2;
        if (samples == 0) {
            return SILENCE;
        }
        double sumOfSquares = 0;
        int peak = 0;
        for (int i = 0; i < samples; i++) {
            int at = off + 2 * i;
            int s = (short) ((pcm16le[at] & 0xff) | (pcm16le[at + 1] << 8));
            sumOfSquares += (double) s * s;
            peak = Math.max(peak, Math.abs(s));
        }
        double rms = Math.sqrt(sumOfSquares / samples) / 32768.0;
        return new Levels(Math.min(1, rms), Math.min(1, peak / 32768.0));
    }
}
