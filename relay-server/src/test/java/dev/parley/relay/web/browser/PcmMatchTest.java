package dev.parley.relay.web.browser;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The yardstick of the microphone tests, checked without a browser. */
class PcmMatchTest {
    private static final int RATE = SpeechLikeSignal.SAMPLE_RATE;
    private final short[] source = SpeechLikeSignal.samples(6, 1);

    @Test
    void aPieceOfTheLoopedSourceMatchesEvenAcrossItsEnd() {
        // 1.5 s starting 0.5 s before the end: the browser loops the file
        short[] piece = new short[RATE * 3 / 2];
        int from = source.length - RATE / 2;
        for (int i = 0; i < piece.length; i++) {
            piece[i] = source[(from + i) % source.length];
        }
        PcmMatch.Result r = PcmMatch.compare(source, RATE, piece, RATE, 0.25);
        assertThat(r.median()).as(r.toString()).isGreaterThan(0.99);
        assertThat(r.windows().get(0).sourceSeconds()).isCloseTo(5.5, org.assertj.core.data.Offset.offset(0.001));
    }

    @Test
    void skippedAndRepeatedTenMillisecondsMoveTheLagButKeepTheMedian() {
        int tenMs = RATE / 100;
        short[] a = Arrays.copyOfRange(source, RATE, 2 * RATE);
        short[] b = Arrays.copyOfRange(source, 2 * RATE + tenMs, 3 * RATE);           // 10 ms skipped
        short[] c = Arrays.copyOfRange(source, 3 * RATE - tenMs, 4 * RATE);           // 10 ms repeated
        short[] recording = concat(a, b, c);
        PcmMatch.Result r = PcmMatch.compare(source, RATE, recording, RATE, 0.25);
        assertThat(r.median()).as(r.toString()).isGreaterThan(0.95);
    }

    @Test
    void aResampledRecordingWithNoiseAndGainStillMatches() {
        short[] piece = Arrays.copyOfRange(source, RATE, 3 * RATE);
        double[] up = PcmMatch.resample(PcmMatch.toDouble(piece), RATE, 48_000);
        java.util.Random random = new java.util.Random(7);
        short[] recorded = new short[up.length];
        for (int i = 0; i < up.length; i++) {
            recorded[i] = (short) Math.round(up[i] * 0.5 + random.nextGaussian() * 300);
        }
        PcmMatch.Result r = PcmMatch.compare(source, RATE, recorded, 48_000, 0.25);
        assertThat(r.median()).as(r.toString()).isGreaterThan(0.95);
    }

    @Test
    void anotherVoiceOrSilenceDoesNotMatch() {
        short[] other = Arrays.copyOfRange(SpeechLikeSignal.samples(3, 2), 0, 2 * RATE);
        PcmMatch.Result r = PcmMatch.compare(source, RATE, other, RATE, 0.25);
        assertThat(r.median()).as(r.toString()).isLessThan(0.7);
        PcmMatch.Result silence = PcmMatch.compare(source, RATE, new short[RATE], RATE, 0.25);
        assertThat(silence.median()).isZero();
    }

    private static short[] concat(short[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
