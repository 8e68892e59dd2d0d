package dev.parley.relay.core;

import dev.parley.relay.PasswordBan;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts wrong room passwords per address and bans an address that sends too many ({@link PasswordBan}). Thread-safe;
 * memory stays bounded because addresses with nothing recent are forgotten.
 */
final class PasswordGuard {
    /** Above this many remembered addresses, the ones with nothing recent are dropped. */
    private static final int PRUNE_ABOVE = 1024;

    private final PasswordBan rule;
    private final Clock clock;
    private final Map<String, Record> byAddress = new ConcurrentHashMap<>();

    private static final class Record {
        final ArrayDeque<Long> failures = new ArrayDeque<>();
        long bannedUntil;
    }

    PasswordGuard(PasswordBan rule, Clock clock) {
        this.rule = rule;
        this.clock = clock;
    }

    /** Milliseconds this address is still refused for, or 0 if it is not banned. */
    long bannedForMillis(String address) {
        Record r = byAddress.get(address);
        if (r == null) {
            return 0;
        }
        synchronized (r) {
            return Math.max(0, r.bannedUntil - clock.millis());
        }
    }

    /** Records a wrong password; returns true if this one starts a ban (so it is logged once). */
    boolean failed(String address) {
        long now = clock.millis();
        if (byAddress.size() > PRUNE_ABOVE) {
            prune(now);
        }
        Record r = byAddress.computeIfAbsent(address, a -> new Record());
        synchronized (r) {
            forgetOld(r, now);
            r.failures.addLast(now);
            if (r.failures.size() >= rule.maxFailures() && r.bannedUntil <= now) {
                r.bannedUntil = now + rule.ban().toMillis();
                r.failures.clear();
                return true;
            }
            return false;
        }
    }

    /** A right password: the address's earlier mistakes no longer count. */
    void succeeded(String address) {
        Record r = byAddress.get(address);
        if (r != null) {
            synchronized (r) {
                r.failures.clear();
            }
        }
    }

    /** How many addresses it remembers (for tests of its memory bound). */
    int remembered() {
        return byAddress.size();
    }

    private void forgetOld(Record r, long now) {
        long oldest = now - rule.window().toMillis();
        while (!r.failures.isEmpty() && r.failures.peekFirst() <= oldest) {
            r.failures.removeFirst();
        }
    }

    private void prune(long now) {
        byAddress.entrySet().removeIf(e -> {
            Record r = e.getValue();
            synchronized (r) {
                forgetOld(r, now);
                return r.failures.isEmpty() && r.bannedUntil <= now;
            }
        });
    }
}
