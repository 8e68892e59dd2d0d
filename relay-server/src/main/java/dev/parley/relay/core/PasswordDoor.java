package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.PasswordBan;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The room password's door: a hello's password against the relay's, compared in constant time; wrong guesses counted
 * per client address (by every relay of a cluster), and an address that keeps guessing refused for a while.
 */
final class PasswordDoor {
    /** Under the relay's name: ban lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    /** Why a hello does not get in: the close code and its reason. */
    record Refusal(int code, String reason) {
    }

    private final RelayConfig config;
    private final RelayEvents events;
    private final PasswordGuard guard;

    PasswordDoor(RelayConfig config, RelayEvents events) {
        this.config = config;
        this.events = events;
        this.guard = new PasswordGuard(config.passwordBan(), config.clock());
    }

    /** Counts wrong passwords per client address. */
    PasswordGuard guard() {
        return guard;
    }

    /**
     * Checks password {@code given} (null when the hello had none) from {@code address}, telling the cluster of a right
     * or wrong one: null when it opens the door, else 4429 for an address that keeps guessing, 4401 for the rest.
     */
    Refusal check(String address, String given, ClusterLink cluster) {
        long bannedFor = guard.bannedForMillis(address);
        if (bannedFor > 0) {
            return new Refusal(CloseCodes.TOO_MANY_ATTEMPTS, "too many wrong passwords from " + address
                    + "; try again in " + Math.max(1, (bannedFor + 999) / 1000) + " s");
        }
        if (matches(given)) {
            guard.succeeded(address);
            cluster.password(true, address);
            return null;
        }
        if (given != null) {
            cluster.password(false, address);
            if (guard.failed(address)) {
                events.lockedOut();
                PasswordBan rule = config.passwordBan();
                log.info("banned: {} sent {} wrong passwords within {} s; refused for {} s", address,
                        rule.maxFailures(), rule.window().toSeconds(), rule.ban().toSeconds());
            }
        }
        return new Refusal(CloseCodes.WRONG_PASSWORD, given == null ? "password required" : "wrong password");
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(config.password().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
