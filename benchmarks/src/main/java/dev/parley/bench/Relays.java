package dev.parley.bench;

import dev.parley.bench.support.Pinning;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The servers a load's members connect to, measured as one: a single server, or the relays of a cluster, member
 * {@code i} on relay {@code i mod n} (so receivers and senders are split evenly), their CPU added up; and the
 * processes beside them that a window measures apart (the cluster's PostgreSQL and nats-server).
 */
final class Relays implements Measured {
    private final List<ChildServer> servers;
    private final List<SSLContext> tls;
    private final Map<String, LongSupplier> beside;

    private Relays(List<ChildServer> servers, List<SSLContext> tls, Map<String, LongSupplier> beside) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no server");
        }
        this.servers = List.copyOf(servers);
        this.tls = List.copyOf(tls);
        this.beside = beside;
    }

    /** One server, its members trusting {@code tls}. */
    static Relays one(ChildServer server, SSLContext tls) {
        return new Relays(List.of(server), List.of(tls), Map.of());
    }

    /**
     * The relays of a cluster, each trusted by its own fingerprint, and the processes beside them by name, each with
     * its CPU time so far (ns), in the order the reports list them.
     */
    static Relays cluster(List<ChildServer> relays, Map<String, LongSupplier> beside) {
        return new Relays(relays, relays.stream().map(r -> Pinning.context(r.fingerprint)).toList(),
                new LinkedHashMap<>(beside));
    }

    /** The server member {@code i} connects to. */
    ChildServer serverFor(int member) {
        return servers.get(relayOf(member));
    }

    /** The number (from 0) of the server member {@code i} connects to. */
    int relayOf(int member) {
        return member % servers.size();
    }

    /** The TLS context member {@code i} connects with (it trusts {@link #serverFor} alone). */
    SSLContext tlsFor(int member) {
        return tls.get(member % tls.size());
    }

    int size() {
        return servers.size();
    }

    /** Whether every server's log (its standard error) has a line with {@code words} by now. */
    boolean allLogged(String words) throws IOException {
        for (ChildServer s : servers) {
            if (!Files.readString(s.dir.resolve("stderr.log")).contains(words)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean measurable() {
        return servers.stream().allMatch(ChildServer::measurable);
    }

    @Override
    public long cpuNanos() {
        return servers.stream().mapToLong(ChildServer::cpuNanos).sum();
    }

    @Override
    public long systemNanos() {
        return servers.stream().mapToLong(ChildServer::systemNanos).sum();
    }

    @Override
    public long tickedCpuNanos() {
        return servers.stream().mapToLong(ChildServer::tickedCpuNanos).sum();
    }

    /** Every server's threads; with several relays each name starts with its relay's number ("2:parley-io#123"). */
    @Override
    public Map<String, Long> threadCpu() {
        if (servers.size() == 1) {
            return servers.get(0).threadCpu();
        }
        Map<String, Long> all = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            String relay = (i + 1) + ":";
            servers.get(i).threadCpu().forEach((thread, nanos) -> all.put(relay + thread, nanos));
        }
        return all;
    }

    @Override
    public Map<String, Long> besideCpuNanos() {
        Map<String, Long> out = new LinkedHashMap<>();
        beside.forEach((name, cpu) -> out.put(name, cpu.getAsLong()));
        return out;
    }
}
