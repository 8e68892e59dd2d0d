package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.discovery.LanAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@link RelayDiscovery} over multicast DNS (JmDNS): one browser per LAN interface, chosen as a relay bound to all
 * interfaces chooses where to announce ({@link LanAddresses}). Opening and closing sockets happen on its own thread;
 * events come from JmDNS's threads. A relay that stops is dropped when JmDNS sweeps its cache after the goodbye
 * (every 10 s), or when its announcement expires if it vanished without one.
 */
public final class JmdnsRelayDiscovery implements RelayDiscovery {
    private static final Logger log = LoggerFactory.getLogger(JmdnsRelayDiscovery.class);

    private final Supplier<List<InetAddress>> addresses;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-discovery");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Touched on the worker thread only. */
    private final List<JmDNS> browsers = new ArrayList<>();

    /** @param addresses where to look, asked for when looking starts */
    public JmdnsRelayDiscovery(Supplier<List<InetAddress>> addresses) {
        this.addresses = addresses;
    }

    /** Looks on every LAN interface of this computer. */
    public static JmdnsRelayDiscovery onLan() {
        return new JmdnsRelayDiscovery(LanAddresses::lan);
    }

    /** Looks on these addresses only (tests: the loopback interface). */
    public static JmdnsRelayDiscovery on(List<InetAddress> addresses) {
        List<InetAddress> copy = List.copyOf(addresses);
        return new JmdnsRelayDiscovery(() -> copy);
    }

    @Override
    public void start(Listener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        worker.execute(() -> open(new Gate(listener)));
    }

    private void open(Listener listener) {
        List<InetAddress> where = addresses.get();
        if (where.isEmpty()) {
            log.info("not looking for relays: no LAN interface");
            listener.unavailable(Unavailable.NO_NETWORK);
            return;
        }
        String host = "parley-app-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        List<String> failed = new ArrayList<>();
        for (InetAddress address : where) {
            if (closed.get()) {
                return;
            }
            try {
                JmDNS browser = JmDNS.create(address, host);
                browsers.add(browser);
                browser.addServiceListener(Announcement.SERVICE_TYPE, new Collector(address.getHostAddress(), listener));
            } catch (IOException | RuntimeException e) {
                failed.add(address.getHostAddress() + ": " + e.getMessage());
            }
        }
        if (browsers.isEmpty()) {
            log.warn("cannot look for relays on the local network: {}", String.join("; ", failed));
            listener.unavailable(Unavailable.FAILED);
        } else {
            log.info("looking for relays on {}", where);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            worker.execute(() -> {
                for (JmDNS browser : browsers) {
                    try {
                        browser.close();
                    } catch (IOException | RuntimeException e) {
                        log.debug("closing a relay browser failed: {}", e.getMessage());
                    }
                }
                browsers.clear();
            });
            worker.shutdown();
        }
    }

    /** Waits until closed and the sockets are released (tests). */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return worker.awaitTermination(timeout, unit);
    }

    /** Passes events on until closed. */
    private final class Gate implements Listener {
        private final Listener to;

        Gate(Listener to) {
            this.to = to;
        }

        @Override
        public void found(FoundRelay relay) {
            if (!closed.get()) {
                to.found(relay);
            }
        }

        @Override
        public void lost(String id) {
            if (!closed.get()) {
                to.lost(id);
            }
        }

        @Override
        public void unavailable(Unavailable why) {
            if (!closed.get()) {
                to.unavailable(why);
            }
        }
    }

    /** Turns one browser's JmDNS events into {@link FoundRelay}s. */
    private static final class Collector implements ServiceListener {
        private final String via;
        private final Listener listener;

        Collector(String via, Listener listener) {
            this.via = via;
            this.listener = listener;
        }

        private String id(ServiceEvent event) {
            return (event.getName() + "." + event.getType()).toLowerCase(Locale.ROOT) + "@" + via;
        }

        @Override
        public void serviceAdded(ServiceEvent event) {
            // usually the announcement carries everything and serviceResolved follows; else ask, without waiting
            // here (this is JmDNS's event thread): the answer comes as serviceResolved too
            event.getDNS().requestServiceInfo(event.getType(), event.getName(), false, 1);
        }

        @Override
        public void serviceRemoved(ServiceEvent event) {
            listener.lost(id(event));
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            try {
                ServiceInfo info = event.getInfo();
                Optional<Announcement> announced = Announcement.fromTxt(info::getPropertyString, event.getName());
                Optional<RelayAddress> address = addressOf(info);
                if (announced.isPresent() && address.isPresent()) {
                    listener.found(FoundRelay.of(id(event), address.get(), announced.get()));
                } else {
                    // JmDNS also reports a service before its TXT or address record is in; the full one follows
                    log.debug("incomplete or foreign announcement {}", event.getName());
                }
            } catch (RuntimeException e) {
                log.warn("cannot read the announcement of {}: {}", event.getName(), e.toString());
            }
        }

        private static Optional<RelayAddress> addressOf(ServiceInfo info) {
            if (info.getPort() < 1 || info.getPort() > 65535) {
                return Optional.empty();
            }
            // relays announce on IPv4 (LanAddresses); an IPv6 link-local address would need its interface scope
            InetAddress[] v4 = info.getInet4Addresses();
            return v4.length == 0 ? Optional.empty()
                    : Optional.of(new RelayAddress(v4[0].getHostAddress(), info.getPort()));
        }
    }
}
