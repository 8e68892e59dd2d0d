package dev.parley.relay.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Multicast on the loopback interface, which in-process discovery tests need (a relay bound to 127.0.0.1 announces
 * there). Linux often leaves the loopback interface without its MULTICAST flag; as root the flag is turned on with
 * {@code ip link set lo multicast on} and left on (harmless, and another test JVM may be relying on it). Where that
 * is not allowed, the test is skipped with the reason, never passed.
 */
public final class LoopbackMulticast {
    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final InetAddress PROBE_GROUP = address("239.255.77.77");

    private LoopbackMulticast() {
    }

    /** Returns when a multicast datagram sent on loopback comes back; else skips the calling test. */
    public static synchronized void assumeAvailable() {
        if (works()) {
            return;
        }
        String tried = enable();
        assumeTrue(works(), "multicast does not work on the loopback interface (" + tried + "): run the tests as "
                + "root on Linux, or run `ip link set lo multicast on` first");
    }

    private static boolean works() {
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
            if (lo == null || !lo.supportsMulticast()) {
                return false;
            }
            try (MulticastSocket socket = new MulticastSocket(0)) {
                socket.setNetworkInterface(lo);
                socket.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                socket.joinGroup(new InetSocketAddress(PROBE_GROUP, 0), lo);
                socket.setSoTimeout(2000);
                byte[] probe = ("parley-probe-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(probe, probe.length, PROBE_GROUP, socket.getLocalPort()));
                byte[] buffer = new byte[64];
                DatagramPacket received = new DatagramPacket(buffer, buffer.length);
                socket.receive(received);
                return new String(buffer, 0, received.getLength(), StandardCharsets.US_ASCII)
                        .equals(new String(probe, StandardCharsets.US_ASCII));
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Tries to set the loopback interface's MULTICAST flag; says what happened. */
    private static String enable() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return "not Linux: not changed";
        }
        try {
            NetworkInterface lo = NetworkInterface.getByInetAddress(LOOPBACK);
            String name = lo != null ? lo.getName() : "lo";
            Process p = new ProcessBuilder("ip", "link", "set", name, "multicast", "on").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "`ip link set " + name + " multicast on` did not finish";
            }
            return p.exitValue() == 0 ? "`ip link set " + name + " multicast on` succeeded"
                    : "`ip link set " + name + " multicast on` failed: " + out;
        } catch (IOException e) {
            return "cannot run ip: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
