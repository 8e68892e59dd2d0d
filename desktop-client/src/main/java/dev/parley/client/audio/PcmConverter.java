package dev.parley.client.audio;

import javax.sound.sampled.AudioFormat;

/**
 * Converts a stream of signed 16-bit PCM (either byte order, 1 or 2 channels, any rate) to signed 16-bit
 * little-endian PCM at another rate and channel count, chunk by chunk: converting a stream in pieces gives exactly
 * the bytes of converting it whole.
 *
 * <p>Channels: stereo to mono averages left and right; mono to stereo copies the sample to both sides.
 * Rate: when lowering the rate, a fourth-order Butterworth low-pass at 45% of the new rate (24 dB per octave beyond
 * it) first keeps higher frequencies from folding back as noise; then each output sample is linearly interpolated
 * between the two input samples around it. Raising the rate is interpolation alone. This is a small resampler for
 * speech, not for music: good enough to turn a 44.1 or 48 kHz microphone into the 16 kHz clips Parley sends, or a
 * clip into a rate a speaker insists on.
 */
final class PcmConverter {
    /** The Q of the two biquads of a fourth-order Butterworth filter: 1 / (2 cos(pi/8)) and 1 / (2 cos(3 pi/8)). */
    private static final double BUTTERWORTH_Q1 = 0.5411961;
    private static final double BUTTERWORTH_Q2 = 1.3065630;

    private final int fromChannels;
    private final int toChannels;
    private final boolean bigEndian;
    private final long fromRate;
    private final long toRate;
    /** Per output channel, two cascaded sections; {@code null} when the rate does not go down. */
    private final LowPass[][] filters;
    /** Last sample of the previous chunk, per output channel: the interpolation's left neighbour across chunks. */
    private final double[] previous;
    /**
     * Where the next output sample falls, from the start of the next chunk, in units of 1/{@code toRate} input frame
     * (exact integers, so chunking cannot change the result); {@code -toRate} is {@link #previous}.
     */
    private long position;

    PcmConverter(AudioFormat from, int toRate, int toChannels) {
        if (from.getEncoding() != AudioFormat.Encoding.PCM_SIGNED || from.getSampleSizeInBits() != 16
                || from.getChannels() < 1 || from.getChannels() > 2 || from.getSampleRate() <= 0) {
            throw new IllegalArgumentException("cannot convert from " + from);
        }
        if (toChannels < 1 || toChannels > 2 || toRate <= 0) {
            throw new IllegalArgumentException("cannot convert to " + toRate + " Hz, " + toChannels + " channels");
        }
        this.fromChannels = from.getChannels();
        this.toChannels = toChannels;
        this.bigEndian = from.isBigEndian();
        this.fromRate = Math.round(from.getSampleRate());
        this.toRate = toRate;
        this.filters = new LowPass[toChannels][];
        if (from.getSampleRate() > toRate) {
            for (int c = 0; c < toChannels; c++) {
                filters[c] = new LowPass[] {
                    new LowPass(0.45 * toRate, from.getSampleRate(), BUTTERWORTH_Q1),
                    new LowPass(0.45 * toRate, from.getSampleRate(), BUTTERWORTH_Q2),
                };
            }
        }
        this.previous = new double[toChannels];
    }

    /** Whether {@code format} is already signed 16-bit little-endian at {@code rate} with {@code channels}. */
    static boolean matches(AudioFormat format, int rate, int channels) {
        return format.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && format.getSampleSizeInBits() == 16
                && !format.isBigEndian() && format.getChannels() == channels && format.getSampleRate() == rate;
    }

    /** Converts {@code len} bytes (whole input frames) and returns the output frames they complete. */
    byte[] convert(byte[] in, int off, int len) {
        int frames = len / (2 * fromChannels);
        double[][] x = new double[toChannels][frames];
        for (int f = 0; f < frames; f++) {
            int at = off + f * 2 * fromChannels;
            double left = sample(in, at);
            double right = fromChannels == 2 ? sample(in, at + 2) : left;
            if (toChannels == 1) {
                x[0][f] = fromChannels == 2 ? (left + right) / 2 : left;
            } else {
                x[0][f] = left;
                x[1][f] = right;
            }
        }
        for (int c = 0; c < toChannels; c++) {
            if (filters[c] != null) {
                for (LowPass section : filters[c]) {
                    section.apply(x[c]);
                }
            }
        }
        long last = (frames - 1L) * toRate;
        int outFrames = position > last ? 0 : (int) ((last - position) / fromRate + 1);
        byte[] out = new byte[outFrames * 2 * toChannels];
        int o = 0;
        for (int n = 0; n < outFrames; n++) {
            int i = (int) Math.floorDiv(position, toRate);
            double frac = Math.floorMod(position, toRate) / (double) toRate;
            for (int c = 0; c < toChannels; c++) {
                double a = i < 0 ? previous[c] : x[c][i];
                double v = frac == 0 ? a : a + (x[c][i + 1] - a) * frac;
                int s = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
                out[o++] = (byte) s;
                out[o++] = (byte) (s >> 8);
            }
            position += fromRate;
        }
        if (frames > 0) {
            position -= frames * toRate;
            for (int c = 0; c < toChannels; c++) {
                previous[c] = x[c][frames - 1];
            }
        }
        return out;
    }

    private double sample(byte[] in, int at) {
        int hi = bigEndian ? in[at] : in[at + 1];
        int lo = bigEndian ? in[at + 1] : in[at];
        return (short) ((hi << 8) | (lo & 0xff));
    }

    /** RBJ cookbook low-pass biquad, transposed direct form II. */
    private static final class LowPass {
        private final double b0;
        private final double b1;
        private final double b2;
        private final double a1;
        private final double a2;
        private double z1;
        private double z2;

        LowPass(double cutoff, double rate, double q) {
            double w0 = 2 * Math.PI * cutoff / rate;
            double alpha = Math.sin(w0) / (2 * q);
            double cos = Math.cos(w0);
            double a0 = 1 + alpha;
            b0 = (1 - cos) / 2 / a0;
            b1 = (1 - cos) / a0;
            b2 = b0;
            a1 = -2 * cos / a0;
            a2 = (1 - alpha) / a0;
        }

        void apply(double[] x) {
            for (int n = 0; n < x.length; n++) {
                double in = x[n];
                double out = b0 * in + z1;
                z1 = b1 * in - a1 * out + z2;
                z2 = b2 * in - a2 * out;
                x[n] = out;
            }
        }
    }
}
