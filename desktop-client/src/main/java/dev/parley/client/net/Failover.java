package dev.parley.client.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which relay a {@link Link}'s next attempt goes to, and which certificate it trusts there (PROTOCOL.md "More than
 * one relay"). The first relay is the one the person chose, with the person's pin. Every {@code welcome} replaces the
 * list of relays its relay vouches for ({@code welcome.relays}); after a drop, the first retry goes to the same relay,
 * and each further one to the next relay of that list, round and round.
 *
 * <p>What a listed fingerprint is trusted for: that exact address only, only for these attempts, only while the latest
 * {@code welcome} lists it, and never over the person's own pin for that address. It is never saved. Not thread-safe:
 * the link calls it holding its lock.
 */
final class Failover {
    /**
     * Where an attempt goes.
     *
     * @param fingerprint the certificate to trust there
     * @param vouched     whether that trust comes only from a relay's list (not from the person)
     */
    record Target(RelayAddress address, String fingerprint, boolean vouched) {
    }

    private final Target chosen;
    private final Function<RelayAddress, Optional<String>> pins;
    private List<Target> listed = List.of();
    private Target current;

    /**
     * @param pins the person's own pins (trusted relays), by address
     */
    Failover(RelayAddress address, String pinnedFingerprint, Function<RelayAddress, Optional<String>> pins) {
        this.chosen = new Target(address, pinnedFingerprint, false);
        this.pins = pins;
        this.current = chosen;
    }

    /** The relay of the current (or last) attempt. */
    Target current() {
        return current;
    }

    /**
     * A {@code welcome} came from the current relay: its list replaces the one before. A listed relay the person has
     * pinned is trusted with the person's pin; the person's chosen relay with the pin it was chosen with.
     */
    void welcomed(List<dev.parley.protocol.RelayAddress> relays) {
        List<Target> next = new ArrayList<>(relays.size());
        for (dev.parley.protocol.RelayAddress r : relays) {
            RelayAddress address = RelayAddress.parse(r.url()).orElse(null);
            if (address == null || next.stream().anyMatch(t -> t.address().key().equals(address.key()))) {
                continue;
            }
            next.add(target(address, r.fingerprint()));
        }
        listed = List.copyOf(next);
    }

    private Target target(RelayAddress address, String vouched) {
        if (address.key().equals(chosen.address().key())) {
            return chosen;
        }
        if (address.key().equals(current.address().key()) && !current.vouched()) {
            return current;
        }
        return pins.apply(address).map(pin -> new Target(address, pin, false))
                .orElseGet(() -> new Target(address, vouched, true));
    }

    /** Whether the current attempt goes to another relay than the one the person chose (failing over). */
    boolean elsewhere() {
        return !current.address().key().equals(chosen.address().key());
    }

    /** The relays listed by the latest {@code welcome}, as they would be tried. */
    List<Target> listed() {
        return listed;
    }

    /**
     * Chooses the relay of the next reconnect: the current one for the first retry after a drop ({@code failedAttempts}
     * 0), then the next one after it, round and round, of the relays the latest {@code welcome} listed and the one the
     * person chose (first when the list does not name it). No other relay is ever chosen: one that is no longer listed
     * is not tried again (the next attempt goes to the person's choice).
     */
    Target next(int failedAttempts) {
        List<Target> ring = new ArrayList<>(listed);
        if (indexOf(ring, chosen) < 0) {
            ring.add(0, chosen);
        }
        int at = indexOf(ring, current);
        current = at < 0 ? ring.get(0) : ring.get(failedAttempts > 0 ? (at + 1) % ring.size() : at);
        return current;
    }

    private static int indexOf(List<Target> ring, Target t) {
        for (int i = 0; i < ring.size(); i++) {
            if (ring.get(i).address().key().equals(t.address().key())) {
                return i;
            }
        }
        return -1;
    }
}
