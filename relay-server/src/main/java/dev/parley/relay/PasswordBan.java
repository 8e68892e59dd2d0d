package dev.parley.relay;

import java.time.Duration;

/**
 * When the relay has a room password: an address that sends {@code maxFailures} wrong passwords within
 * {@code window} is refused (close 4429) for {@code ban}, whatever it sends meanwhile. Other addresses are never
 * affected.
 *
 * @param maxFailures wrong passwords that start a ban
 * @param window      how far back wrong passwords count
 * @param ban         how long a banned address is refused
 */
public record PasswordBan(int maxFailures, Duration window, Duration ban) {
    /** Mumble's server defaults: 10 wrong passwords within 120 s refuse the address for 5 minutes. */
    public static final PasswordBan DEFAULTS = new PasswordBan(10, Duration.ofSeconds(120), Duration.ofMinutes(5));

    public PasswordBan {
        if (maxFailures < 1 || window.isNegative() || window.isZero() || ban.isNegative() || ban.isZero()) {
            throw new IllegalArgumentException("password-ban failures, window and duration must be positive");
        }
    }
}
