package dev.parley.relay.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A second "computer" on a two-host LAN: a Linux network namespace joined to this one by a veth pair, with
 * site-local addresses on both ends (10.x.y.1 inside, 10.x.y.2 here). A program started with {@link #command}
 * runs inside it and sees only its loopback and its end of the cable, so a relay there bound to 0.0.0.0 chooses
 * its LAN address as it would on a real machine, and multicast between the two really crosses an interface.
 * Needs Linux, {@code ip} and root; {@link #create()} skips the calling test with the reason otherwise.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String name;
    private final InetAddress inside;
    private final InetAddress here;

    private NetworkNamespace(String name, InetAddress inside, InetAddress here) {
        this.name = name;
        this.inside = inside;
        this.here = here;
    }

    public static NetworkNamespace create() {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"),
                "network namespaces need Linux");
        long pid = ProcessHandle.current().pid();
        int n = COUNT.incrementAndGet();
        String ns = "parley-test-" + pid + "-" + n;
        String veth = "pv" + (pid % 100_000) + "x" + n;
        String peer = "pv" + (pid % 100_000) + "y" + n;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String subnet = "10." + random.nextInt(200, 250) + "." + random.nextInt(256) + ".";
        String added = run("ip", "netns", "add", ns);
        assumeTrue(added == null, "cannot create a network namespace (needs root and ip netns): " + added);
        NetworkNamespace created;
        try {
            created = new NetworkNamespace(ns, InetAddress.getByName(subnet + "1"), InetAddress.getByName(subnet + "2"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<String> problems = new ArrayList<>();
        for (String[] step : new String[][] {
                {"ip", "link", "add", veth, "type", "veth", "peer", "name", peer},
                {"ip", "link", "set", veth, "netns", ns},
                {"ip", "-n", ns, "link", "set", "lo", "up"},
                {"ip", "-n", ns, "addr", "add", subnet + "1/30", "dev", veth},
                {"ip", "-n", ns, "link", "set", veth, "up"},
                {"ip", "addr", "add", subnet + "2/30", "dev", peer},
                {"ip", "link", "set", peer, "up"}}) {
            String problem = run(step);
            if (problem != null) {
                problems.add(String.join(" ", step) + ": " + problem);
                break;
            }
        }
        if (!problems.isEmpty()) {
            created.close();
            assumeTrue(false, "cannot join a network namespace with a veth pair: " + problems);
        }
        return created;
    }

    /** {@code command}, run inside the namespace. */
    public List<String> command(List<String> command) {
        List<String> out = new ArrayList<>(List.of("ip", "netns", "exec", name));
        out.addAll(command);
        return out;
    }

    /** The namespace's end of the cable (a relay there announces on it). */
    public InetAddress inside() {
        return inside;
    }

    /** This side's end of the cable (browse here). */
    public InetAddress here() {
        return here;
    }

    /** Deletes the namespace, which takes its veth pair with it. */
    @Override
    public void close() {
        run("ip", "netns", "delete", name);
    }

    /** Runs a command; {@code null} when it succeeded, else what it said. */
    private static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "did not finish";
            }
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + (out.isEmpty() ? "" : ": " + out);
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
