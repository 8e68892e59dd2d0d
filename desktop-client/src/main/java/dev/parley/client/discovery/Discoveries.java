package dev.parley.client.discovery;

import java.util.List;

/** Several discoveries as one: each reports to the same listener; "unavailable" only counts from the first. */
public final class Discoveries implements RelayDiscovery {
    private final RelayDiscovery main;
    private final List<RelayDiscovery> extra;

    public Discoveries(RelayDiscovery main, RelayDiscovery... extra) {
        this.main = main;
        this.extra = List.of(extra);
    }

    @Override
    public void start(Listener listener) {
        main.start(listener);
        for (RelayDiscovery d : extra) {
            d.start(new Listener() {
                @Override
                public void found(FoundRelay relay) {
                    listener.found(relay);
                }

                @Override
                public void lost(String id) {
                    listener.lost(id);
                }

                @Override
                public void unavailable(Unavailable why) {
                    // the network's discovery says whether listing works at all
                }
            });
        }
    }

    @Override
    public void close() {
        main.close();
        extra.forEach(RelayDiscovery::close);
    }
}
