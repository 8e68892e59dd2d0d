package dev.parley.client.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Plays a clip faster (or slower) with its pitch kept, by WSOLA (waveform-similarity overlap-add): the output is
 * built of overlapping Hann-windowed frames of the input, {@value #FRAME_MILLIS} ms long and half overlapping; each
 * next frame is taken about {@code speed} half-frames further on in the input, at the offset (within
 * ±{@value #SEARCH_MILLIS} ms) whose waveform best continues what was laid down before, so the overlap adds in
 * phase instead of cancelling. Frames keep their samples, so pitch and timbre stay; only their spacing changes.
 *
 * <p>Streaming: {@link #read} gives the next output, a few milliseconds at a time, so playback starts at once and
 * {@link #speed(double)} takes effect for what is read after it. At 1× the output is the input, sample for sample;
 * changing to and from 1× is seamless (the overlapping halves of the window add to one). {@link #inputFrameAt} says
 * which input frame an output frame plays, for progress.
 *
 * <p>Signed 16-bit little-endian PCM, any channel count (interleaved) and rate; the similarity search runs on the
 * channels' mix, on every {@code rate / 16000}-th sample, then at full resolution around the best match.
 * {@link #read} and {@link #inputFrameAt} belong to one thread; {@link #speed(double)} may come from any.
 */
final class TimeStretch {
    static final int FRAME_MILLIS = 25;
    static final int SEARCH_MILLIS = 8;
    static final double MIN_SPEED = 0.5;
    static final double MAX_SPEED = 3;

    private final short[] input;
    private final int channels;
    private final int frames;
    private final float[] mix;
    private final int half;
    private final int search;
    private final int stride;
    private final float[] rise;
    private final float[] fall;
    private final TimeMap map = new TimeMap();
    private final short[] ready;
    private final float[] tail;
    private volatile double speed = 1;

    private boolean stretching;
    /** Too little input is left for another frame: 1× to the end. */
    private boolean finishing;
    private boolean done;
    /** 1×: the next input frame to copy. Stretching: where the last frame laid down starts. */
    private int position;
    /** Stretching: where the last frame should have started, had the search not moved it. */
    private double nominal;
    private int readyFrames;
    private int readyAt;
    private long written;

    /** @param pcm the whole clip, signed 16-bit little-endian, {@code channels} interleaved */
    TimeStretch(byte[] pcm, int rate, int channels) {
        if (channels < 1 || rate < 1) {
            throw new IllegalArgumentException("bad format: " + rate + " Hz, " + channels + " channels");
        }
        this.channels = channels;
        this.frames = pcm.length / (2 * channels);
        this.input = new short[frames * channels];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(input);
        this.mix = new float[frames];
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += input[f * channels + c];
            }
            mix[f] = sum / channels;
        }
        this.half = Math.max(8, rate * FRAME_MILLIS / 2000);
        this.search = Math.max(2, rate * SEARCH_MILLIS / 1000);
        this.stride = Math.max(1, rate / 16000);
        this.rise = new float[half];
        this.fall = new float[half];
        for (int i = 0; i < half; i++) {
            // periodic Hann over two halves: rise[i] + fall[i] == 1
            rise[i] = (float) (0.5 - 0.5 * Math.cos(Math.PI * i / half));
            fall[i] = 1 - rise[i];
        }
        this.ready = new short[half * channels];
        this.tail = new float[half * channels];
        map.add(0, 0);
    }

    /** Whole-clip convenience: {@code pcm} played at {@code speed}. */
    static byte[] stretch(byte[] pcm, int rate, int channels, double speed) {
        TimeStretch s = new TimeStretch(pcm, rate, channels);
        s.speed(speed);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[4096 * channels];
        int n;
        while ((n = s.read(chunk, 0, chunk.length)) > 0) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** The speed from now on, {@value #MIN_SPEED} to {@value #MAX_SPEED}; 1 plays the input as it is. */
    void speed(double newSpeed) {
        if (!(newSpeed >= MIN_SPEED && newSpeed <= MAX_SPEED)) {
            throw new IllegalArgumentException("speed must be " + MIN_SPEED + " to " + MAX_SPEED + ": " + newSpeed);
        }
        speed = newSpeed;
    }

    /**
     * Writes up to {@code len} bytes of output (whole frames) into {@code out}; returns how many, 0 at the end.
     */
    int read(byte[] out, int off, int len) {
        int frameBytes = 2 * channels;
        int wanted = len / frameBytes;
        int given = 0;
        while (given < wanted) {
            if (readyAt == readyFrames && !step()) {
                break;
            }
            int n = Math.min(wanted - given, readyFrames - readyAt);
            for (int i = 0; i < n * channels; i++) {
                short s = ready[readyAt * channels + i];
                int at = off + (given * channels + i) * 2;
                out[at] = (byte) s;
                out[at + 1] = (byte) (s >> 8);
            }
            readyAt += n;
            given += n;
        }
        return given * frameBytes;
    }

    /** The input frame that output frame {@code outputFrame} plays (of what has been read so far). */
    long inputFrameAt(long outputFrame) {
        return map.inputAt(outputFrame);
    }

    /** Makes the next piece of output; {@code false} at the end. */
    private boolean step() {
        readyAt = 0;
        readyFrames = 0;
        if (done) {
            return false;
        }
        double now = speed;
        if (stretching && now == 1) {
            // the rest of the last frame's window plus the next frame's rising half is the input itself
            stretching = false;
            position += half;
            map.add(written, position);
        } else if (!stretching && !finishing && now != 1 && position + 2 * half <= frames) {
            startStretching();
            return true;
        }
        if (stretching) {
            nextFrame(now);
        } else {
            copy(Math.min(half, frames - position));
        }
        return readyFrames > 0 || step();
    }

    private void copy(int n) {
        System.arraycopy(input, position * channels, ready, 0, n * channels);
        position += n;
        emitted(n, position);
        if (position >= frames) {
            done = true;
        }
    }

    /** The first frame after 1×: its first half as it is (no fade in), its second half kept to overlap. */
    private void startStretching() {
        stretching = true;
        nominal = position;
        System.arraycopy(input, position * channels, ready, 0, half * channels);
        keepTail(position);
        emitted(half, position + half);
    }

    private void nextFrame(double now) {
        nominal += half * now;
        int from = Math.max(0, (int) Math.round(nominal) - search);
        int to = Math.min(frames - 2 * half, (int) Math.round(nominal) + search);
        if (to < from) {
            // no whole frame left: finish with the input after the last frame's first half
            stretching = false;
            finishing = true;
            position += half;
            map.add(written, position);
            copy(Math.min(half, frames - position));
            return;
        }
        int best = bestMatch(position + half, from, to);
        map.add(written, Math.round(nominal)); // the new frame is heard from here
        for (int i = 0; i < half; i++) {
            for (int c = 0; c < channels; c++) {
                int k = i * channels + c;
                ready[k] = clamp(tail[k] + rise[i] * input[best * channels + k]);
            }
        }
        keepTail(best);
        position = best;
        emitted(half, Math.round(nominal + half * now));
    }

    private void keepTail(int frameStart) {
        int base = (frameStart + half) * channels;
        for (int i = 0; i < half; i++) {
            for (int c = 0; c < channels; c++) {
                tail[i * channels + c] = fall[i] * input[base + i * channels + c];
            }
        }
    }

    private void emitted(int n, double inputAfter) {
        readyFrames = n;
        written += n;
        map.add(written, Math.min(frames, Math.round(inputAfter)));
    }

    /** The start in [from, to] whose first half is most like the input at {@code template}: coarse, then fine. */
    private int bestMatch(int template, int from, int to) {
        int best = from;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = from; c <= to; c += stride) {
            double score = similarity(template, c, stride);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        if (stride > 1) {
            int coarse = best;
            bestScore = Double.NEGATIVE_INFINITY;
            for (int c = Math.max(from, coarse - stride + 1); c <= Math.min(to, coarse + stride - 1); c++) {
                double score = similarity(template, c, 1);
                if (score > bestScore) {
                    bestScore = score;
                    best = c;
                }
            }
        }
        return best;
    }

    /** Normalised cross-correlation of half a frame at {@code a} and at {@code b}, on every {@code step}-th frame. */
    private double similarity(int a, int b, int step) {
        double cross = 0;
        double energy = 0;
        for (int i = 0; i < half; i += step) {
            float x = mix[b + i];
            cross += mix[a + i] * x;
            energy += x * x;
        }
        return cross / Math.sqrt(energy + 1e-3);
    }

    private static short clamp(float v) {
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
}
