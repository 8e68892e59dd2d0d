package dev.parley.client.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Notices the network coming back (an interface up again, a new address after Wi-Fi reconnects) by comparing the
 * local addresses every couple of seconds, so a reconnect can be tried at once instead of after the backoff.
 */
public final class NetworkWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NetworkWatch.class);
    static final long PERIOD_MILLIS = 2000;

    private final Supplier<Set<String>> addresses;
    private final Runnable onChange;
    private Set<String> last;
    private ScheduledFuture<?> task;

    /** @param addresses the local addresses now; {@code onChange} runs (on the scheduler) when they gain one */
    public NetworkWatch(Supplier<Set<String>> addresses, Runnable onChange) {
        this.addresses = addresses;
        this.onChange = onChange;
    }

    /** Watches the addresses of the interfaces that are up, other than loopback. */
    public static NetworkWatch ofInterfaces(Runnable onChange) {
        return new NetworkWatch(NetworkWatch::interfaceAddresses, onChange);
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        last = addresses.get();
        task = scheduler.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Compares the addresses with the last ones; runs the callback when an address appeared. */
    synchronized void check() {
        Set<String> now = addresses.get();
        boolean gained = !last.containsAll(now);
        last = now;
        if (gained && !now.isEmpty()) {
            log.debug("network changed: {}", now);
            onChange.run();
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static Set<String> interfaceAddresses() {
        Set<String> out = new TreeSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            log.debug("cannot list network interfaces: {}", e.getMessage());
        }
        return out;
    }
}
