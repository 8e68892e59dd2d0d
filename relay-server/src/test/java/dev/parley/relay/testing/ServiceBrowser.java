package dev.parley.relay.testing;

import dev.parley.relay.discovery.Announcement;
import org.awaitility.Awaitility;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.JmDNSImpl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A plain JmDNS browser for {@value Announcement#SERVICE_TYPE} on one address, independent of the app's discovery
 * code: it records what is on the network, as raw TXT strings, so tests check the announcement byte for byte.
 */
public final class ServiceBrowser implements AutoCloseable {
    /** Announcing takes a few seconds (host and service probing), withdrawing about two. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    /** One resolved service. */
    public record Seen(String instance, List<String> addresses, int port, Map<String, String> txt) {
        public String txt(String key) {
            return txt.get(key);
        }
    }

    private final JmDNSImpl jmdns;
    private final Map<String, Seen> current = new ConcurrentHashMap<>();
    private final List<Seen> ever = new CopyOnWriteArrayList<>();

    private ServiceBrowser(InetAddress address) throws IOException {
        jmdns = (JmDNSImpl) JmDNS.create(address, "parley-test-browser");
        jmdns.addServiceListener(Announcement.SERVICE_TYPE, new ServiceListener() {
            @Override
            public void serviceAdded(ServiceEvent event) {
                // resolved below once the SRV, TXT and A records are in
            }

            @Override
            public void serviceRemoved(ServiceEvent event) {
                current.remove(event.getName());
            }

            @Override
            public void serviceResolved(ServiceEvent event) {
                ServiceInfo info = event.getInfo();
                Map<String, String> txt = new LinkedHashMap<>();
                for (String key : Collections.list(info.getPropertyNames())) {
                    txt.put(key, info.getPropertyString(key));
                }
                if (!txt.containsKey(Announcement.KEY_PROTOCOL)) {
                    return; // JmDNS also reports a service before its TXT record is in
                }
                Seen seen = new Seen(event.getName(), List.of(info.getHostAddresses()), info.getPort(), Map.copyOf(txt));
                current.put(event.getName(), seen);
                ever.add(seen);
            }
        });
    }

    public static ServiceBrowser on(InetAddress address) {
        try {
            return new ServiceBrowser(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a service on the network matches. */
    public Seen await(Predicate<Seen> match) {
        return Awaitility.await().atMost(WAIT).until(() -> find(match), Optional::isPresent).orElseThrow();
    }

    /**
     * Waits until no service on the network matches: it said goodbye. JmDNS drops a record that said goodbye (TTL 0,
     * kept one more second) at its next cache sweep, which runs every 10 s; this runs the sweep at each poll instead,
     * so the test waits for the goodbye, not for the timer. A record without a goodbye lives minutes: still seen.
     */
    public void awaitGone(Predicate<Seen> match) {
        Awaitility.await().atMost(WAIT).until(() -> {
            jmdns.cleanCache();
            return find(match).isEmpty();
        });
    }

    /** A service on the network now that matches. */
    public Optional<Seen> find(Predicate<Seen> match) {
        return current.values().stream().filter(match).findFirst();
    }

    /** Everything resolved since this browser started, gone or not. */
    public List<Seen> ever() {
        return List.copyOf(ever);
    }

    /** A match on the TXT display name. */
    public static Predicate<Seen> named(String name) {
        return s -> name.equals(s.txt(Announcement.KEY_NAME));
    }

    @Override
    public void close() {
        jmdns.close();
    }
}
