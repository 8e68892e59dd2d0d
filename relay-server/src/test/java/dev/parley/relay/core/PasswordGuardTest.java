package dev.parley.relay.core;

import dev.parley.relay.PasswordBan;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Counting wrong passwords per address: a window, a ban, forgiveness on success, other addresses untouched. */
class PasswordGuardTest {
    private final MutableClock clock = MutableClock.stopped();
    private final PasswordGuard guard = new PasswordGuard(
            new PasswordBan(3, Duration.ofSeconds(60), Duration.ofSeconds(300)), clock);

    @Test
    void theThirdWrongPasswordWithinTheWindowBansTheAddressForTheBanAndTellsOnce() {
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.bannedForMillis("10.0.0.5")).isZero();
        assertThat(guard.failed("10.0.0.5")).as("starts the ban: logged").isTrue();
        assertThat(guard.bannedForMillis("10.0.0.5")).isEqualTo(300_000);
        assertThat(guard.failed("10.0.0.5")).as("already banned: not logged again").isFalse();
        clock.advance(Duration.ofSeconds(299));
        assertThat(guard.bannedForMillis("10.0.0.5")).isEqualTo(1_000);
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.bannedForMillis("10.0.0.5")).isZero();
    }

    @Test
    void otherAddressesAreNeverAffected() {
        for (int i = 0; i < 3; i++) {
            guard.failed("10.0.0.5");
        }
        assertThat(guard.bannedForMillis("10.0.0.5")).isPositive();
        assertThat(guard.bannedForMillis("10.0.0.6")).isZero();
        assertThat(guard.failed("10.0.0.6")).isFalse();
        assertThat(guard.bannedForMillis("10.0.0.6")).isZero();
    }

    @Test
    void mistakesOlderThanTheWindowDoNotCount() {
        guard.failed("10.0.0.5");
        guard.failed("10.0.0.5");
        clock.advance(Duration.ofSeconds(61));
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.bannedForMillis("10.0.0.5")).isZero();
        assertThat(guard.failed("10.0.0.5")).isTrue();
    }

    @Test
    void aRightPasswordForgivesEarlierMistakes() {
        guard.failed("10.0.0.5");
        guard.failed("10.0.0.5");
        guard.succeeded("10.0.0.5");
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.failed("10.0.0.5")).isFalse();
        assertThat(guard.bannedForMillis("10.0.0.5")).isZero();
    }

    @Test
    void manyAddressesWithNothingRecentAreForgotten() {
        for (int i = 0; i < 5000; i++) {
            guard.failed("10.1." + (i / 256) + "." + (i % 256));
            clock.advance(Duration.ofMillis(100)); // older ones leave the 60 s window as newer ones come
        }
        assertThat(guard.remembered()).isLessThan(2000);
    }
}
