package dev.parley.client.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @ParameterizedTest(name = "attempt {0}, jitter {1}: {2} ms")
    @CsvSource({
            // at the midpoint there is no jitter: 0.5 s doubling
            "0, 0.5, 500",
            "1, 0.5, 1000",
            "2, 0.5, 2000",
            "3, 0.5, 4000",
            "4, 0.5, 8000",
            // capped at 10 s, however many attempts
            "5, 0.5, 10000",
            "40, 0.5, 10000",
            // jitter is ±20 %
            "0, 0.0, 400",
            "0, 0.999999, 600",
            "3, 0.0, 3200",
            // and never passes the cap
            "4, 0.999999, 9600",
            "5, 0.999999, 10000",
            // a negative attempt is the first
            "-1, 0.5, 500",
    })
    void halfASecondDoublingToTenWithTwentyPercentJitter(int attempt, double jitter, long millis) {
        assertThat(Backoff.delayMillis(attempt, jitter)).isEqualTo(millis);
    }

    @Test
    void jitterDrawsComeFromTheRandomSource() {
        Backoff backoff = new Backoff(new Random(7));
        Random same = new Random(7);
        for (int i = 0; i < 5; i++) {
            double jitter = backoff.jitter();
            assertThat(jitter).isEqualTo(same.nextDouble()).isBetween(0.0, 1.0);
        }
    }
}
