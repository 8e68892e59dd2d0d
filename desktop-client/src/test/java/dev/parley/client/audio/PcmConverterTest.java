package dev.parley.client.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class PcmConverterTest {
    private static final double AMPLITUDE = 0.5;

    @ParameterizedTest(name = "{0} Hz x{1} -> {2} Hz x{3}")
    @CsvSource({
        // a 48 kHz stereo microphone, recorded as a clip
        "48000, 2, 16000, 1",
        // a 44.1 kHz mono microphone: a step that is not a whole number
        "44100, 1, 16000, 1",
        // 22.05 kHz stereo, another common rate
        "22050, 2, 16000, 1",
        // a stereo microphone at the clip rate: only the channels change
        "16000, 2, 16000, 1",
        // an 8 kHz microphone: the rate goes up
        "8000, 1, 16000, 1",
        // a clip for a speaker that only takes 48 kHz stereo
        "16000, 1, 48000, 2",
        // a 44.1 kHz stereo clip for a 48 kHz speaker
        "44100, 2, 48000, 2",
    })
    void keepsAToneAtItsPitchAndLoudness(int fromRate, int fromChannels, int toRate, int toChannels) {
        double seconds = 0.5;
        byte[] in = Sounds.le(Sounds.tone(fromRate, fromChannels, seconds, 1000, AMPLITUDE));
        byte[] out = new PcmConverter(Formats.pcm16(fromRate, fromChannels, false), toRate, toChannels)
                .convert(in, 0, in.length);

        assertThat(out.length % (2 * toChannels)).isZero();
        int frames = out.length / (2 * toChannels);
        assertThat((double) frames).isCloseTo(seconds * toRate, within(3.0 * toRate / fromRate + 1));
        short[] mono = firstChannel(Sounds.samples(out), toChannels);
        if (toChannels == 2) {
            assertThat(secondChannel(Sounds.samples(out))).containsExactly(mono);
        }
        // skip the filter's first milliseconds
        int from = toRate / 20;
        int to = mono.length - toRate / 100;
        assertThat(Sounds.rms(mono, from, to))
                .isCloseTo(AMPLITUDE * 32767 / Math.sqrt(2), within(0.03 * 32767 * AMPLITUDE));
        double expectedCrossings = 1000.0 * (to - from) / toRate;
        assertThat((double) Sounds.upwardCrossings(mono, from, to)).isCloseTo(expectedCrossings, within(2.0));
    }

    @ParameterizedTest(name = "chunks of {0} frames")
    @ValueSource(ints = {1, 7, 441, 882, 100_000})
    void convertingInChunksGivesTheSameBytesAsAtOnce(int chunkFrames) {
        AudioFormat from = Formats.pcm16(44100, 2, false);
        byte[] in = Sounds.le(Sounds.speechLike(44100 * 2, 0.3));
        byte[] whole = new PcmConverter(from, 16000, 1).convert(in, 0, in.length);

        PcmConverter chunked = new PcmConverter(from, 16000, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < in.length; off += chunkFrames * 4) {
            out.writeBytes(chunked.convert(in, off, Math.min(chunkFrames * 4, in.length - off)));
        }
        assertThat(out.toByteArray()).isEqualTo(whole);
    }

    @Test
    void stereoBecomesTheAverageOfLeftAndRight() {
        short[] in = {1000, 3000, -2000, 0, 32767, 32767, -32768, -32768};
        byte[] out = new PcmConverter(Formats.pcm16(16000, 2, false), 16000, 1).convert(Sounds.le(in), 0, 16);
        assertThat(Sounds.samples(out)).containsExactly((short) 2000, (short) -1000, (short) 32767, (short) -32768);
    }

    @Test
    void monoBecomesTheSameSampleOnBothSides() {
        short[] in = {5, -7, 32767};
        byte[] out = new PcmConverter(Formats.pcm16(16000, 1, false), 16000, 2).convert(Sounds.le(in), 0, 6);
        assertThat(Sounds.samples(out))
                .containsExactly((short) 5, (short) 5, (short) -7, (short) -7, (short) 32767, (short) 32767);
    }

    @Test
    void readsBigEndianSamples() {
        byte[] in = {0x12, 0x34, (byte) 0xff, (byte) 0xfe};
        byte[] out = new PcmConverter(Formats.pcm16(16000, 1, true), 16000, 1).convert(in, 0, 4);
        assertThat(Sounds.samples(out)).containsExactly((short) 0x1234, (short) -2);
    }

    @Test
    void keepsFrequenciesAboveTheNewLimitFromFoldingBack() {
        // 12 kHz cannot exist at 16 kHz; unfiltered it would come back as a loud 4 kHz tone
        byte[] in = Sounds.le(Sounds.tone(48000, 1, 0.5, 12000, AMPLITUDE));
        PcmConverter converter = new PcmConverter(Formats.pcm16(48000, 1, false), 16000, 1);
        short[] out = Sounds.samples(converter.convert(in, 0, in.length));
        assertThat(Sounds.rms(out, 800, out.length)).isLessThan(0.15 * AMPLITUDE * 32767 / Math.sqrt(2));
    }

    @Test
    void nothingInNothingOut() {
        assertThat(new PcmConverter(Formats.pcm16(48000, 2, false), 16000, 1).convert(new byte[0], 0, 0)).isEmpty();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> new PcmConverter(new AudioFormat(8000, 8, 1, false, false), 16000, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PcmConverter(Formats.pcm16(16000, 1, false), 16000, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static short[] firstChannel(short[] interleaved, int channels) {
        short[] out = new short[interleaved.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = interleaved[i * channels];
        }
        return out;
    }

    private static short[] secondChannel(short[] stereo) {
        short[] out = new short[stereo.length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = stereo[2 * i + 1];
        }
        return out;
    }
}
