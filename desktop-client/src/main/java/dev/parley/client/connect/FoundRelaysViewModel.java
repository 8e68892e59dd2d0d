package dev.parley.client.connect;

import dev.parley.client.discovery.FoundEntries;
import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The relays found on the local network, for the connect screen: one row per relay, or per cluster (its relays
 * together, see {@link FoundEntries}), sorted by name, updated as they come and go.
 * Discovery events cross to the UI thread through {@link UiThread}; everything here then runs on it. While the
 * list is empty, {@link #hintProperty()} says why, quietly: still looking, or discovery unavailable (people type an
 * address instead).
 */
public final class FoundRelaysViewModel {
    private RelayDiscovery discovery;
    private final UiThread ui;
    private final Messages messages;
    /** Every relay found, by id, in the order found (an update keeps its place). */
    private final Map<String, FoundRelay> found = new LinkedHashMap<>();
    private final ObservableList<FoundEntry> entries = FXCollections.observableArrayList();
    private final ObservableList<FoundEntry> readOnly = FXCollections.unmodifiableObservableList(entries);
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    private boolean started;
    private boolean stopped;
    private final Later later;
    private int round;

    /** Runs an action on the UI thread after a delay. */
    @FunctionalInterface
    public interface Later {
        void run(long delayMillis, Runnable action);

        /** Never: the "none found yet" hint is not shown. */
        Later NEVER = (delay, action) -> { };
    }

    /** How long to look before saying nothing was found yet. */
    public static final long NONE_FOUND_AFTER_MILLIS = 5000;

    public FoundRelaysViewModel(RelayDiscovery discovery, UiThread ui, Messages messages) {
        this(discovery, ui, messages, Later.NEVER);
    }

    /** @param later how to wait before saying "No relays found yet" */
    public FoundRelaysViewModel(RelayDiscovery discovery, UiThread ui, Messages messages, Later later) {
        this.discovery = discovery;
        this.ui = ui;
        this.messages = messages;
        this.later = later;
    }

    /** Starts looking. Call on the UI thread, once. */
    public void start() {
        if (started || stopped) {
            return;
        }
        started = true;
        hint.set(messages.get("discovery.searching"));
        int mine = ++round;
        later.run(NONE_FOUND_AFTER_MILLIS, () -> {
            // still looking, nothing found: say so, so people type an address instead of waiting
            if (mine == round && !stopped && entries.isEmpty()
                    && hint.get().equals(messages.get("discovery.searching"))) {
                hint.set(messages.get("discovery.noneYet"));
            }
        });
        discovery.start(new RelayDiscovery.Listener() {
            @Override
            public void found(FoundRelay relay) {
                ui.run(() -> put(relay));
            }

            @Override
            public void lost(String id) {
                ui.run(() -> remove(id));
            }

            @Override
            public void unavailable(RelayDiscovery.Unavailable why) {
                ui.run(() -> hint.set(unavailableText(why)));
            }
        });
    }

    /** Stops looking (joined, or the app closes); the list stays as it was. */
    public void stop() {
        if (!stopped) {
            stopped = true;
            discovery.close();
        }
    }

    /** Looks again with a new discovery after {@link #stop()} (back on the connect screen after leaving a room). */
    public void restart(RelayDiscovery fresh) {
        stop();
        discovery = fresh;
        found.clear();
        entries.clear();
        started = false;
        stopped = false;
        start();
    }

    /** The rows: relays on their own and clusters, sorted by name. */
    public ObservableList<FoundEntry> entries() {
        return readOnly;
    }

    /** Shown while the list is empty. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    /** The relay found at this address (on its own or one of a cluster), if any. */
    public Optional<FoundRelay> at(RelayAddress address) {
        return found.values().stream().filter(r -> r.address().equals(address)).findFirst();
    }

    /**
     * The other relays of the cluster whose relay is at {@code address}, as found on the network: those this app can
     * speak to, first found first, each address once. Empty for a relay on its own or an address not listed.
     */
    public List<FoundRelay> othersInCluster(RelayAddress address) {
        Set<RelayAddress> listed = new HashSet<>(Set.of(address));
        return entries.stream().filter(e -> e.cluster() && e.has(address)).findFirst()
                .map(e -> e.relays().stream().filter(r -> r.compatible() && listed.add(r.address())).toList())
                .orElse(List.of());
    }

    /** A row's name: the relay's, a cluster's common name, or "Cluster" and its cluster name. */
    public String title(FoundEntry entry) {
        String common = entry.commonName();
        return common != null ? common : messages.format("discovery.cluster", entry.clusterName());
    }

    /**
     * The line under a row's name: a relay's address, or how many relays of a cluster answer; the people online; and
     * a note when this app cannot join it.
     */
    public String detail(FoundEntry entry) {
        String text = entry.cluster() ? messages.format("discovery.relays", entry.relayCount())
                : entry.chosen().address().toString();
        if (entry.peopleKnown()) {
            text = messages.format("discovery.detail", text, messages.format("discovery.people", entry.people()));
        }
        if (!entry.compatible()) {
            text = messages.format("discovery.detail", text, messages.get("discovery.otherProtocol"));
        }
        return text;
    }

    private void put(FoundRelay relay) {
        if (!stopped) {
            found.put(relay.id(), relay);
            show(FoundEntries.of(found.values()));
        }
    }

    private void remove(String id) {
        if (!stopped && found.remove(id) != null) {
            show(FoundEntries.of(found.values()));
        }
    }

    /**
     * Brings the list to {@code rows} with as few changes as it takes: a row whose content changed (a people count)
     * is replaced in place, so it neither moves nor loses its selection.
     */
    private void show(List<FoundEntry> rows) {
        entries.removeIf(e -> rows.stream().noneMatch(r -> r.key().equals(e.key())));
        for (int i = 0; i < rows.size(); i++) {
            FoundEntry row = rows.get(i);
            if (i < entries.size() && entries.get(i).key().equals(row.key())) {
                if (!entries.get(i).equals(row)) {
                    entries.set(i, row);
                }
                continue;
            }
            for (int j = i + 1; j < entries.size(); j++) {
                if (entries.get(j).key().equals(row.key())) {
                    entries.remove(j);
                    break;
                }
            }
            entries.add(i, row);
        }
    }

    private String unavailableText(RelayDiscovery.Unavailable why) {
        return switch (why) {
            case OFF -> messages.get("discovery.off");
            case NO_NETWORK -> messages.get("discovery.noNetwork");
            case FAILED -> messages.get("discovery.unavailable");
        };
    }
}
