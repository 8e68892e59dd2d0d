package dev.parley.client.audio;

import dev.parley.client.sound.Levels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LevelsTest {
    @Test
    void silenceIsZero() {
        byte[] pcm = new byte[640];
        assertThat(Levels.of(pcm, 0, pcm.length)).isEqualTo(new Levels(0, 0));
    }

    @Test
    void aHalfScaleSineHasItsRmsAndPeak() {
        byte[] pcm = Sounds.le(Sounds.tone(16000, 1, 0.1, 1000, 0.5));
        Levels levels = Levels.of(pcm, 0, pcm.length);
        assertThat(levels.rms()).isCloseTo(0.5 / Math.sqrt(2), within(0.005));
        assertThat(levels.peak()).isCloseTo(0.5, within(0.005));
    }

    @Test
    void fullScaleStaysWithinOne() {
        byte[] pcm = Sounds.le(new short[] {-32768, 32767, -32768, 32767});
        Levels levels = Levels.of(pcm, 0, pcm.length);
        assertThat(levels.peak()).isEqualTo(1.0);
        assertThat(levels.rms()).isBetween(0.99, 1.0);
    }

    @Test
    void measuresOnlyTheRangeAsked() {
        byte[] pcm = Sounds.le(new short[] {32767, 0, 0, 16384});
        assertThat(Levels.of(pcm, 2, 4).peak()).isZero();
        assertThat(Levels.of(pcm, 6, 2).peak()).isEqualTo(0.5);
        assertThat(Levels.of(pcm, 0, 0)).isEqualTo(Levels.SILENCE);
    }
}
