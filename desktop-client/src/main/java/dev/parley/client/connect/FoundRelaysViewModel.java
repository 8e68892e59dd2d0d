package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The relays found on the local network, for the connect screen: sorted by name, updated as they come and go.
 * Discovery events cross to the UI thread through {@link UiThread}; everything here then runs on it. While the
 * list is empty, {@link #hintProperty()} says why, quietly: still looking, or discovery unavailable (people type an
 * address instead).
 */
public final class FoundRelaysViewModel {
    private static final Comparator<FoundRelay> ORDER = Comparator
            .comparing((FoundRelay r) -> r.name().toLowerCase(Locale.ROOT))
            .thenComparing(r -> r.address().toString());

    private RelayDiscovery discovery;
    private final UiThread ui;
    private final Messages messages;
    private final ObservableList<FoundRelay> relays = FXCollections.observableArrayList();
    private final ObservableList<FoundRelay> readOnly = FXCollections.unmodifiableObservableList(relays);
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
            if (mine == round && !stopped && relays.isEmpty()
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
        relays.clear();
        started = false;
        stopped = false;
        start();
    }

    /** The relays found, sorted by name. */
    public ObservableList<FoundRelay> relays() {
        return readOnly;
    }

    /** Shown while the list is empty. */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    /** The relay found at this address, if any. */
    public Optional<FoundRelay> at(RelayAddress address) {
        return relays.stream().filter(r -> r.address().equals(address)).findFirst();
    }

    /** The line under a relay's name: its address, the people online, and a note when this app cannot join it. */
    public String detail(FoundRelay relay) {
        String text = relay.address().toString();
        if (relay.peopleKnown()) {
            text = messages.format("discovery.detail", text, messages.format("discovery.people", relay.people()));
        }
        if (!relay.compatible()) {
            text = messages.format("discovery.detail", text, messages.get("discovery.otherProtocol"));
        }
        return text;
    }

    private void put(FoundRelay relay) {
        if (stopped) {
            return;
        }
        for (int i = 0; i < relays.size(); i++) {
            if (relays.get(i).id().equals(relay.id())) {
                if (ORDER.compare(relays.get(i), relay) == 0) {
                    relays.set(i, relay); // in place: a changed people count does not move it
                    return;
                }
                relays.remove(i);
                break;
            }
        }
        int at = 0;
        while (at < relays.size() && ORDER.compare(relays.get(at), relay) <= 0) {
            at++;
        }
        relays.add(at, relay);
    }

    private void remove(String id) {
        if (!stopped) {
            relays.removeIf(r -> r.id().equals(id));
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
