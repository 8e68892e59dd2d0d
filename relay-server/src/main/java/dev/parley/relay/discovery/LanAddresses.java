package dev.parley.relay.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a relay announces itself, and where the app looks for relays: at most one IPv4 address per network
 * interface, since one multicast DNS responder per interface is what the network sees.
 * <ul>
 *   <li>A relay bound to one address announces on that address only; 127.0.0.1 included (tests), which needs
 *       the loopback interface to allow multicast.</li>
 *   <li>A relay bound to every interface ({@code 0.0.0.0} or {@code ::}) announces on each interface that is up,
 *       can multicast, and is neither loopback nor point-to-point (VPN tunnels): on its first site-local IPv4
 *       address (10/8, 172.16/12, 192.168/16), the addresses a LAN uses. Only when no interface has one are the
 *       other IPv4 addresses of those interfaces used (a LAN numbered otherwise), link-local 169.254/16 never.</li>
 * </ul>
 */
public final class LanAddresses {
    private static final Logger log = LoggerFactory.getLogger(LanAddresses.class);

    /** An interface as far as the choice goes. */
    record Nic(String name, boolean usable, List<InetAddress> addresses) {
    }

    private LanAddresses() {
    }

    /** The addresses to announce on for a relay bound to {@code bind}; empty when there is none. */
    public static List<InetAddress> forBind(String bind) {
        try {
            InetAddress bound = InetAddress.getByName(bind);
            return bound.isAnyLocalAddress() ? lan() : List.of(bound);
        } catch (UnknownHostException e) {
            log.debug("cannot resolve bind address {}: {}", bind, e.getMessage());
            return List.of();
        }
    }

    /** Every LAN address of this computer, as for a relay bound to all interfaces. */
    public static List<InetAddress> lan() {
        List<Nic> nics = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                boolean usable = nif.isUp() && nif.supportsMulticast() && !nif.isLoopback() && !nif.isPointToPoint();
                nics.add(new Nic(nif.getName(), usable, Collections.list(nif.getInetAddresses())));
            }
        } catch (SocketException e) {
            log.debug("cannot list network interfaces: {}", e.getMessage());
        }
        return choose(nics);
    }

    /** The rule of this class's description, on a given list of interfaces. */
    static List<InetAddress> choose(List<Nic> nics) {
        List<InetAddress> siteLocal = new ArrayList<>();
        List<InetAddress> other = new ArrayList<>();
        for (Nic nic : nics) {
            if (!nic.usable()) {
                continue;
            }
            InetAddress best = null;
            InetAddress fallback = null;
            for (InetAddress a : nic.addresses()) {
                if (!(a instanceof Inet4Address) || a.isLoopbackAddress() || a.isLinkLocalAddress()
                        || a.isAnyLocalAddress() || a.isMulticastAddress()) {
                    continue;
                }
                if (a.isSiteLocalAddress() && best == null) {
                    best = a;
                } else if (fallback == null) {
                    fallback = a;
                }
            }
            if (best != null) {
                siteLocal.add(best);
            } else if (fallback != null) {
                other.add(fallback);
            }
        }
        return List.copyOf(siteLocal.isEmpty() ? other : siteLocal);
    }
}
