package dev.parley.client.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TimeStretchTest {
    private static byte[] spokenHello() throws Exception {
        try (InputStream in = TimeStretchTest.class.getResourceAsStream("spoken-hello.wav")) {
            return Sounds.pcm(in.readAllBytes()); // 16 kHz mono, 2.48 s
        }
    }

    /** Upward zero crossings per second of one channel: the frequency of a tone. */
    private static double crossingRate(short[] interleaved, int channels, int rate) {
        short[] one = new short[interleaved.length / channels];
        for (int i = 0; i < one.length; i++) {
            one[i] = interleaved[i * channels];
        }
        return Sounds.upwardCrossings(one, 0, one.length) * (double) rate / one.length;
    }

    @ParameterizedTest(name = "{0} Hz, {1} channel(s), {2}x")
    @CsvSource({
            "16000, 1, 1.5", // what Parley records
            "16000, 1, 2",
            "44100, 2, 1.5", // a stereo clip at a hardware rate
            "48000, 2, 2",
            "22050, 1, 0.75", // slower works too
    })
    void aToneKeepsItsPitchAndLevelWhileTheClipGetsShorter(int rate, int channels, double speed) {
        short[] tone = Sounds.tone(rate, channels, 2.0, 440, 0.5);
        byte[] in = Sounds.le(tone);

        short[] out = Sounds.samples(TimeStretch.stretch(in, rate, channels, speed));

        assertThat((double) out.length / tone.length).as("length").isCloseTo(1 / speed, within(0.03 / speed));
        assertThat(out.length % channels).isZero();
        assertThat(crossingRate(out, channels, rate)).as("frequency, Hz").isCloseTo(440, within(440 * 0.02));
        // frames laid down out of phase would cancel: the level is kept when the similarity search works
        int skip = rate / 10 * channels;
        assertThat(Sounds.rms(out, skip, out.length - skip) / Sounds.rms(tone, skip, tone.length - skip))
                .as("level").isCloseTo(1, within(0.05));
    }

    @ParameterizedTest(name = "{0}x")
    @CsvSource({"1.5", "2"})
    void spokenWordsKeepTheirPitch(double speed) throws Exception {
        byte[] said = spokenHello();
        short[] before = Sounds.samples(said);

        short[] after = Sounds.samples(TimeStretch.stretch(said, 16000, 1, speed));

        assertThat((double) after.length / before.length).isCloseTo(1 / speed, within(0.03));
        double pitchBefore = Pitch.median(before, 16000);
        double pitchAfter = Pitch.median(after, 16000);
        assertThat(pitchBefore).as("the voice's pitch, Hz").isBetween(70.0, 300.0);
        assertThat(pitchAfter / pitchBefore).as("pitch after / before").isCloseTo(1, within(0.04));
        // as a check on the check: played faster by dropping samples, the pitch goes up
        double chipmunk = Pitch.median(naiveFaster(before, speed), 16000);
        assertThat(chipmunk / pitchBefore).isCloseTo(speed, within(0.1 * speed));
    }

    @Test
    void atNormalSpeedTheOutputIsTheInputSampleForSample() throws Exception {
        byte[] said = spokenHello();

        assertThat(TimeStretch.stretch(said, 16000, 1, 1)).isEqualTo(said);
    }

    @Test
    void clipsShorterThanAFrameAndEmptyOnesComeOutAsTheyAre() {
        byte[] tiny = Sounds.le(Sounds.tone(16000, 1, 0.01, 440, 0.5));

        assertThat(TimeStretch.stretch(tiny, 16000, 1, 2)).isEqualTo(tiny);
        assertThat(TimeStretch.stretch(new byte[0], 16000, 2, 2)).isEmpty();
    }

    @Test
    void speedChangesWhilePlayingApplyToWhatIsReadAfterAndJoinSmoothly() {
        int rate = 16000;
        short[] tone = Sounds.tone(rate, 1, 3.0, 300, 0.5);
        TimeStretch s = new TimeStretch(Sounds.le(tone), rate, 1);
        byte[] chunk = new byte[640]; // 20 ms
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n;
        int chunks = 0;
        while ((n = s.read(chunk, 0, chunk.length)) > 0) {
            out.write(chunk, 0, n);
            chunks++;
            if (chunks == 25) { // 0.5 s of input at 1x
                s.speed(2);
            } else if (chunks == 50) { // 1 s more input at 2x
                s.speed(1);
            }
        }
        short[] got = Sounds.samples(out.toByteArray());

        // 0.5 s + 1 s/2 + the remaining 1.5 s = 2.5 s
        assertThat(got.length / (double) rate).isCloseTo(2.5, within(0.05));
        assertThat(Arrays.copyOf(got, 25 * 320)).as("1x before the change")
                .isEqualTo(Arrays.copyOf(tone, 25 * 320));
        int maxStep = 0;
        for (int i = 1; i < got.length; i++) {
            maxStep = Math.max(maxStep, Math.abs(got[i] - got[i - 1]));
        }
        int toneStep = (int) Math.ceil(0.5 * 32767 * 2 * Math.PI * 300 / rate);
        assertThat(maxStep).as("no click where frames join").isLessThanOrEqualTo(toneStep + toneStep / 4);
        assertThat(crossingRate(got, 1, rate)).isCloseTo(300, within(6.0));
    }

    @Test
    void eachOutputFrameMapsToTheInputItPlays() {
        int rate = 16000;
        byte[] in = Sounds.le(Sounds.speechLike(rate, 2.0));
        TimeStretch s = new TimeStretch(in, rate, 1);
        s.speed(2);
        byte[] chunk = new byte[1280];
        long outFrames = 0;
        long last = 0;
        int n;
        while ((n = s.read(chunk, 0, chunk.length)) > 0) {
            outFrames += n / 2;
            long at = s.inputFrameAt(outFrames / 2); // half of what was read: well inside what is known
            assertThat(at).as("input at output %d", outFrames / 2).isGreaterThanOrEqualTo(last)
                    .isCloseTo(outFrames, within((long) (rate * 0.03)));
            last = at;
        }
        assertThat(s.inputFrameAt(outFrames)).as("the end of the output plays the end of the input").isEqualTo(32000);
        assertThat(s.inputFrameAt(0)).isZero();
    }

    @Test
    void speedsOutsideTheRangeAreRefused() {
        TimeStretch s = new TimeStretch(new byte[100], 16000, 1);

        assertThatThrownBy(() -> s.speed(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.speed(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.speed(10)).isInstanceOf(IllegalArgumentException.class);
    }

    private static short[] naiveFaster(short[] in, double speed) {
        short[] out = new short[(int) (in.length / speed)];
        for (int i = 0; i < out.length; i++) {
            out[i] = in[(int) (i * speed)];
        }
        return out;
    }
}
