package dev.parley.relay.discovery;

import dev.parley.protocol.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSStatefulObject;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Announces a running relay on the local network: one JmDNS responder per address from
 * {@link LanAddresses#forBind}, each registering the service {@value Announcement#SERVICE_TYPE}.
 * <p>
 * Everything that can be slow or fail (the host name lookup, opening multicast sockets, probing) runs on the
 * announcer's own thread, so a relay starts as fast with multicast blocked as without; a failure is logged in one
 * line and the relay goes on without being announced. The number of people online is read again after
 * {@link #peopleChanged()}, a moment later, so a burst of joins sends one update; not before JmDNS has announced the
 * service, which an earlier update would strand.
 */
public final class RelayAnnouncer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayAnnouncer.class);
    /** Changes of the people count within this time are announced together. */
    static final long UPDATE_DELAY_MILLIS = 1000;
    /** JmDNS repeats its goodbye for about two seconds before a responder is closed. */
    private static final long CLOSE_TIMEOUT_MILLIS = 6000;

    private final ScheduledThreadPoolExecutor worker;
    private final AtomicBoolean updateQueued = new AtomicBoolean();
    private final AtomicBoolean withdrawn = new AtomicBoolean();
    private final IntSupplier people;
    /** The responders and their services: touched on the worker thread only. */
    private final List<JmDNS> responders = new ArrayList<>();
    private final List<ServiceInfo> services = new ArrayList<>();
    private Announcement announcement;

    private RelayAnnouncer(IntSupplier people) {
        this.people = people;
        worker = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "parley-discovery");
            t.setDaemon(true);
            return t;
        });
        worker.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts announcing a relay that listens on {@code bind}:{@code port}; returns at once.
     *
     * @param name        the display name, or {@code null} for this computer's host name
     * @param fingerprint SHA-256 of the relay's certificate ({@code AB:CD:...})
     * @param people      the number of members joined, read whenever it is announced
     */
    public static RelayAnnouncer start(String bind, int port, String name, String fingerprint, IntSupplier people) {
        return start(bind, port, name, fingerprint, null, people);
    }

    /**
     * As {@link #start(String, int, String, String, IntSupplier)}, for a relay that is one of a cluster
     * ({@code cluster} non-null): clients then list it with the cluster's other relays, once.
     */
    public static RelayAnnouncer start(String bind, int port, String name, String fingerprint,
                                       Announcement.Cluster cluster, IntSupplier people) {
        RelayAnnouncer announcer = new RelayAnnouncer(people);
        announcer.worker.execute(() -> announcer.announce(bind, port, name, fingerprint, cluster));
        return announcer;
    }

    /** The number of people changed: announced within {@value #UPDATE_DELAY_MILLIS} ms. Any thread. */
    public void peopleChanged() {
        if (!withdrawn.get() && updateQueued.compareAndSet(false, true)) {
            try {
                worker.schedule(this::publishPeople, UPDATE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("people count not announced: withdrawing");
            }
        }
    }

    private void announce(String bind, int port, String name, String fingerprint, Announcement.Cluster cluster) {
        String local = LanNames.localHost();
        String shown = name != null ? name : local;
        List<InetAddress> addresses = LanAddresses.forBind(bind);
        if (addresses.isEmpty()) {
            log.info("not announced on the local network: no LAN IPv4 address to announce {} on", bind);
            return;
        }
        announcement = new Announcement(shown, Protocol.VERSION, fingerprint, people.getAsInt(), cluster);
        String host = LanNames.hostLabel("parley-relay", local);
        List<String> announced = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (InetAddress address : addresses) {
            if (withdrawn.get()) {
                return;
            }
            try {
                JmDNS responder = JmDNS.create(address, host);
                responders.add(responder);
                ServiceInfo service = ServiceInfo.create(Announcement.SERVICE_TYPE, LanNames.instance(shown), port,
                        0, 0, announcement.txt());
                responder.registerService(service);
                services.add(service);
                announced.add(address.getHostAddress());
            } catch (IOException | RuntimeException e) {
                failed.add(address.getHostAddress() + ": " + e.getMessage());
            }
        }
        if (announced.isEmpty()) {
            log.warn("not announced on the local network (multicast unavailable?): {}", String.join("; ", failed));
        } else {
            log.info("announced on the local network as \"{}\" ({}{}) on {}{}", announcement.name(),
                    Announcement.SERVICE_TYPE, cluster == null ? "" : ", one of cluster " + cluster.name() + " "
                            + cluster.id(), String.join(", ", announced),
                    failed.isEmpty() ? "" : "; not on " + String.join("; ", failed));
        }
    }

    private void publishPeople() {
        if (announcement != null && !withdrawn.get() && !services.stream().allMatch(RelayAnnouncer::announced)) {
            // JmDNS 3.6.1 loses a service whose text changes while it is still probing or announcing: setText drops
            // the task that was taking it through those steps, so it never answers a query again (a relay that its
            // host joins at once was never listed). Wait until JmDNS has announced it, then update.
            try {
                worker.schedule(this::publishPeople, UPDATE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("people count not announced: withdrawing");
            }
            return;
        }
        updateQueued.set(false);
        int now = people.getAsInt();
        if (announcement == null || withdrawn.get() || announcement.people() == now) {
            return;
        }
        announcement = announcement.withPeople(now);
        for (ServiceInfo service : services) {
            service.setText(announcement.txt());
        }
    }

    /** Whether JmDNS has finished probing and announcing {@code service} (its state is not in the public API). */
    private static boolean announced(ServiceInfo service) {
        return !(service instanceof DNSStatefulObject state) || state.isAnnounced();
    }

    /** Starts withdrawing: the goodbye goes out at once, the responders close in the background. Idempotent. */
    public void withdraw() {
        if (withdrawn.compareAndSet(false, true)) {
            worker.execute(this::closeResponders);
            worker.shutdown();
        }
    }

    /** Waits (a few seconds at most) until withdrawn: goodbyes sent, sockets closed, threads ended. */
    public void awaitWithdrawn() {
        try {
            if (!worker.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.warn("the local network announcement did not close within {} ms", CLOSE_TIMEOUT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #withdraw()}, then {@link #awaitWithdrawn()}. */
    @Override
    public void close() {
        withdraw();
        awaitWithdrawn();
    }

    private void closeResponders() {
        // each close unregisters (goodbye, repeated for about two seconds) and then closes: in parallel
        List<Thread> closers = new ArrayList<>();
        for (JmDNS responder : responders) {
            Thread t = new Thread(() -> closeQuietly(responder), "parley-discovery-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        for (Thread t : closers) {
            try {
                t.join(CLOSE_TIMEOUT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        responders.clear();
        services.clear();
    }

    private static void closeQuietly(JmDNS responder) {
        try {
            responder.close();
        } catch (IOException | RuntimeException e) {
            log.debug("closing the multicast DNS responder failed: {}", e.getMessage());
        }
    }
}
