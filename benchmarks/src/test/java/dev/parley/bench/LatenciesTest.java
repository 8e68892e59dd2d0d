package dev.parley.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatenciesTest {
    @Test
    void percentilesAreTheValueAtTheirRankInMilliseconds() {
        Histogram h = Latencies.histogram();
        for (int micros = 1_000; micros <= 100_000; micros += 1_000) { // 1 .. 100 ms
            Latencies.record(h, micros);
        }
        assertThat(Latencies.millis(h, 50)).isCloseTo(50, within(0.05));
        assertThat(Latencies.millis(h, 90)).isCloseTo(90, within(0.09));
        assertThat(Latencies.millis(h, 99)).isCloseTo(99, within(0.1));
        assertThat(Latencies.maxMillis(h)).isCloseTo(100, within(0.1));
    }

    @Test
    void valuesBelowTwoMillisecondsAreExact() {
        Histogram h = Latencies.histogram();
        for (int micros = 1; micros <= 100; micros++) {
            Latencies.record(h, micros);
        }
        assertThat(Latencies.millis(h, 50)).isEqualTo(0.050);
        assertThat(Latencies.millis(h, 99)).isEqualTo(0.099);
        assertThat(Latencies.maxMillis(h)).isEqualTo(0.100);
    }

    @Test
    void anEmptyHistogramReadsZeroAndANegativeLatencyCountsAsZero() {
        Histogram h = Latencies.histogram();
        assertThat(Latencies.millis(h, 99)).isZero();
        assertThat(Latencies.maxMillis(h)).isZero();
        Latencies.record(h, -5);
        assertThat(h.getTotalCount()).isEqualTo(1);
        assertThat(Latencies.maxMillis(h)).isZero();
    }

    @Test
    void histogramsOfSeveralThreadsAddUp() {
        Histogram a = Latencies.histogram();
        Histogram b = Latencies.histogram();
        Latencies.record(a, 1_000);
        Latencies.record(b, 3_000_000); // grows to 3 s
        a.add(b);
        assertThat(a.getTotalCount()).isEqualTo(2);
        assertThat(Latencies.maxMillis(a)).isCloseTo(3_000, within(3.0));
    }

    @Test
    void printsPercentilesAsTheReportsDo() {
        Histogram h = Latencies.histogram();
        for (int micros = 1_000; micros <= 100_000; micros += 1_000) {
            Latencies.record(h, micros);
        }
        assertThat(Latencies.millis(h, 50, 95, 99)).isEqualTo("50.0 / 95.0 / 99.0");
        assertThat(Latencies.labelled(h, 50, 95, 99.9)).isEqualTo("p50 50.0 / p95 95.0 / p99.9 100 / max 100");
        assertThat(Latencies.labelled(Latencies.histogram(), 50)).isEqualTo("p50 0.00 / max 0.00");
    }
}
