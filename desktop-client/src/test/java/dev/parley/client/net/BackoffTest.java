package dev.parley.client.net;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void doublesFromHalfASecondToTenSeconds() {
        Backoff b = new Backoff(fixed(0.5)); // no jitter at the midpoint
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            delays.add(b.nextDelayMillis());
        }
        assertThat(delays).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 10000L, 10000L, 10000L, 10000L, 10000L);
    }

    @Test
    void jitterStaysWithinTwentyPercentAndNeverPassesTheCap() {
        assertThat(new Backoff(fixed(0.0)).nextDelayMillis()).isEqualTo(400);
        assertThat(new Backoff(fixed(0.999999)).nextDelayMillis()).isEqualTo(600);
        Backoff high = new Backoff(fixed(0.999999));
        for (int i = 0; i < 12; i++) {
            assertThat(high.nextDelayMillis()).isLessThanOrEqualTo(10_000);
        }
    }

    @Test
    void resetStartsOver() {
        Backoff b = new Backoff(fixed(0.5));
        b.nextDelayMillis();
        b.nextDelayMillis();
        b.reset();
        assertThat(b.nextDelayMillis()).isEqualTo(500);
    }
}
