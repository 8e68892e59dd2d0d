package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.discovery.Announcement;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One row of the relays found on the network: a relay on its own, or the relays of one cluster (same announced
 * {@code cluster}) together. Discovery groups relays and nothing more: it vouches for no certificate, so the relay
 * connected to is checked as any other, by its own fingerprint.
 *
 * @param key    stable while the row stays: {@code relay:} and the relay's id, or {@code cluster:} and the cluster's id
 * @param relays the relays of the row, in the order they were found (first found first); never empty
 */
public record FoundEntry(String key, List<FoundRelay> relays) {

    public FoundEntry {
        relays = List.copyOf(relays);
        if (relays.isEmpty()) {
            throw new IllegalArgumentException("an entry needs a relay");
        }
    }

    /** Whether this row stands for a cluster (its relays announce one), however many of them answer now. */
    public boolean cluster() {
        return relays.get(0).cluster() != null;
    }

    /** The cluster's name ({@code --cluster-name}), or {@code null} for a relay on its own. */
    public String clusterName() {
        Announcement.Cluster c = relays.get(0).cluster();
        return c == null ? null : c.name();
    }

    /**
     * The name the relays share, or {@code null} for a cluster whose relays announce different names (then it is
     * shown by its cluster name).
     */
    public String commonName() {
        String first = relays.get(0).name();
        return relays.stream().allMatch(r -> r.name().equals(first)) ? first : null;
    }

    /**
     * The relay to connect to: the first found that this app can speak to (else the first found). The others are
     * learnt from its {@code welcome} once joined.
     */
    public FoundRelay chosen() {
        return relays.stream().filter(FoundRelay::compatible).findFirst().orElse(relays.get(0));
    }

    /** How many relays answer: each announced service once, whatever the interfaces it was seen on. */
    public int relayCount() {
        return (int) relays.stream().map(FoundRelay::service).distinct().count();
    }

    /** Members joined, all its relays together (each service once), or {@link Announcement#PEOPLE_UNKNOWN}. */
    public int people() {
        int sum = 0;
        boolean known = false;
        Set<String> counted = new HashSet<>();
        for (FoundRelay r : relays) {
            if (r.peopleKnown() && counted.add(r.service())) {
                sum += r.people();
                known = true;
            }
        }
        return known ? sum : Announcement.PEOPLE_UNKNOWN;
    }

    public boolean peopleKnown() {
        return people() != Announcement.PEOPLE_UNKNOWN;
    }

    /** Whether this app speaks the protocol of one of its relays. */
    public boolean compatible() {
        return relays.stream().anyMatch(FoundRelay::compatible);
    }

    /** Whether one of its relays is at this address. */
    public boolean has(RelayAddress address) {
        return relays.stream().anyMatch(r -> r.address().equals(address));
    }
}
