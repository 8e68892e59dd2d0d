package dev.parley.client.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A voice clip as the timeline holds it: its waveform peaks (computed once, when it arrives) and its WAV bytes,
 * either in memory (own clips until the relay has them) or in a file of the {@link ClipCache}, read only when
 * the clip is played or saved. So a long timeline does not hold every clip in memory. Immutable.
 */
public final class ClipData {
    /** Bars of the waveform drawn on a voice card. */
    public static final int PEAKS = 40;

    private final byte[] bytes;
    private final Path file;
    private final int size;
    private final float[] peaks;
    private final Function<Path, byte[]> recent;

    private ClipData(byte[] bytes, Path file, int size, float[] peaks, Function<Path, byte[]> recent) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.peaks = peaks;
        this.recent = recent;
    }

    /** A clip kept in memory (not copied: do not modify {@code wav}). */
    public static ClipData inMemory(byte[] wav) {
        return new ClipData(wav, null, wav.length, ClipPeaks.of(wav, PEAKS), f -> null);
    }

    /** A clip kept in {@code file}; {@code recent} has its bytes while it is one of the latest arrivals. */
    static ClipData inFile(Path file, int size, float[] peaks, Function<Path, byte[]> recent) {
        return new ClipData(null, file, size, peaks, recent);
    }

    /** The WAV bytes; may read the file for a clip on disk (call off the FX thread). */
    public byte[] load() throws IOException {
        byte[] now = loadNow();
        return now != null ? now : Files.readAllBytes(file);
    }

    /**
     * The WAV bytes if they can be had without the disk (a clip in memory, or one that just arrived, so that
     * walkie-talkie mode starts playing at once), else {@code null}.
     */
    public byte[] loadNow() {
        return bytes != null ? bytes : recent.apply(file);
    }

    /** Whether this clip lives in memory for good (own clips). */
    public boolean inMemory() {
        return bytes != null;
    }

    /** Size of the WAV file in bytes. */
    public int size() {
        return size;
    }

    /** {@link #PEAKS} peak amplitudes, 0 to 1 (not copied: do not modify). */
    public float[] peaks() {
        return peaks;
    }
}
