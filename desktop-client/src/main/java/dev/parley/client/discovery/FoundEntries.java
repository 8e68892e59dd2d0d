package dev.parley.client.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the relays found into the rows of the list: relays announcing the same cluster become one row, every other
 * relay a row of its own (as with an app or relay that knows nothing of clusters). Plain Java, no toolkit.
 */
public final class FoundEntries {
    /** The order of the rows: by name (a cluster's common name, else its cluster name), then address. */
    private static final Comparator<FoundEntry> ORDER = Comparator
            .comparing((FoundEntry e) -> sortName(e).toLowerCase(Locale.ROOT))
            .thenComparing(e -> e.chosen().address().toString())
            .thenComparing(FoundEntry::key);

    private FoundEntries() {
    }

    /**
     * @param found the relays found, in the order they were found (first found first)
     * @return the rows, sorted by name; a cluster's relays keep the order they were found in
     */
    public static List<FoundEntry> of(Collection<FoundRelay> found) {
        Map<String, List<FoundRelay>> byKey = new LinkedHashMap<>();
        for (FoundRelay r : found) {
            byKey.computeIfAbsent(keyOf(r), k -> new ArrayList<>()).add(r);
        }
        List<FoundEntry> rows = new ArrayList<>();
        byKey.forEach((key, relays) -> rows.add(new FoundEntry(key, relays)));
        rows.sort(ORDER);
        return rows;
    }

    /** The row a relay goes in. */
    static String keyOf(FoundRelay relay) {
        return relay.cluster() == null ? "relay:" + relay.id() : "cluster:" + relay.cluster().id();
    }

    private static String sortName(FoundEntry e) {
        String common = e.commonName();
        return common != null ? common : e.clusterName();
    }
}
