package dev.parley.client.audio;

import javax.sound.sampled.AudioFormat;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The sound formats Parley asks devices for, best first. All are signed 16-bit PCM. */
final class Formats {
    /** Recorded clips: 16 kHz mono, enough for speech and small on the wire. */
    static final int CLIP_RATE = 16000;
    static final int CLIP_CHANNELS = 1;

    /** Rates tried when a device refuses the one wanted: the common hardware rates first. */
    private static final int[] FALLBACK_RATES = {48000, 44100, 32000, 22050, 8000};

    private Formats() {
    }

    static AudioFormat pcm16(int rate, int channels, boolean bigEndian) {
        return new AudioFormat(rate, 16, channels, true, bigEndian);
    }

    /**
     * What a microphone is asked for: 16 kHz mono little-endian (no conversion), then 16 kHz stereo and other rates,
     * mono before stereo, then the same in big-endian order. Anything but the first is converted to 16 kHz mono.
     */
    static List<AudioFormat> forRecording() {
        List<AudioFormat> formats = new ArrayList<>();
        for (boolean bigEndian : new boolean[] {false, true}) {
            formats.add(pcm16(CLIP_RATE, 1, bigEndian));
            formats.add(pcm16(CLIP_RATE, 2, bigEndian));
            for (int rate : FALLBACK_RATES) {
                formats.add(pcm16(rate, 1, bigEndian));
                formats.add(pcm16(rate, 2, bigEndian));
            }
        }
        return formats;
    }

    /**
     * What a speaker is asked for to play a clip: the clip's own format (no conversion), then the other channel count,
     * then the common hardware rates; little-endian only, as the converter writes it.
     */
    static List<AudioFormat> forPlaying(int rate, int channels) {
        // AudioFormat has no equals: drop repeats by rate and channels
        Set<List<Integer>> seen = new LinkedHashSet<>();
        seen.add(List.of(rate, channels));
        seen.add(List.of(rate, 3 - channels));
        for (int fallback : FALLBACK_RATES) {
            seen.add(List.of(fallback, channels));
            seen.add(List.of(fallback, 3 - channels));
        }
        List<AudioFormat> formats = new ArrayList<>();
        for (List<Integer> f : seen) {
            formats.add(pcm16(f.get(0), f.get(1), false));
        }
        return formats;
    }
}
