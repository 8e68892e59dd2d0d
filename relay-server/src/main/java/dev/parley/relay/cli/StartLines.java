package dev.parley.relay.cli;

import dev.parley.relay.RelayConfig;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.web.QrText;

import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints what a started relay tells the person who ran it: its addresses and certificate fingerprint, where it stores
 * messages, its cluster and metrics, and the web client's link (with its QR code unless {@code --no-qr}).
 */
final class StartLines {
    private StartLines() {
    }

    /** Prints the start lines of {@code relay}, started with {@code config}, to {@code out} and flushes it. */
    static void print(PrintWriter out, ParleyRelay relay, RelayConfig config, String advertised, boolean qr) {
        List<String> hosts = hosts(config.bind(), relay.port());
        out.println("Parley relay listening on " + String.join(" ", hosts.stream().map(h -> "wss://" + h).toList())
                + " - certificate SHA-256 " + relay.fingerprint());
        String storage = config.database() == null ? "Data directory " + config.dataDir().toAbsolutePath()
                : "Messages in PostgreSQL at " + PostgresUrl.parse(config.database()).shown() + "; data directory "
                + config.dataDir().toAbsolutePath();
        out.println(storage
                + (config.password() != null ? "; room password required" : "") + "; network engine "
                + relay.engine() + ". Press Ctrl-C to stop.");
        if (advertised != null) {
            out.println("Advertised to clients as " + advertised + " (listed in every welcome with this certificate)");
        }
        if (config.cluster() != null) {
            out.println("Cluster " + config.cluster().name() + " through NATS at " + config.cluster().hostPorts()
                    + relay.clusterProblem().map(p -> " - not connected yet: " + p).orElse(""));
        }
        relay.metricsAddress().ifPresent(at -> {
            String base = "http://" + host(at.getHostString()) + ":" + at.getPort();
            out.println("Metrics: " + base + "/metrics and " + base + "/health - plain HTTP without authentication:"
                    + " keep it on localhost or a management network");
        });
        if (config.web().enabled()) {
            String link = "https://" + hosts.get(0) + "/";
            out.println("Web client: " + String.join(" ", hosts.stream().map(h -> "https://" + h + "/").toList())
                    + " - phones and browsers join there (the browser warns once about the self-signed"
                    + " certificate: compare its SHA-256 with the one above)" + (qr ? "; scan to open " + link + ":" : ""));
            if (qr) {
                out.print(QrText.render(link));
            }
        }
        out.flush();
    }

    /**
     * The host:port people should use: the bound address, or, on every interface, this machine's LAN addresses
     * (never empty).
     */
    private static List<String> hosts(String bind, int port) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return List.of(host(bind) + ":" + port);
        }
        List<String> lan = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nif.isLoopback() || !nif.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        lan.add(a.getHostAddress() + ":" + port);
                    }
                }
            }
        } catch (SocketException e) {
            return List.of(bind + ":" + port);
        }
        return lan.isEmpty() ? List.of(bind + ":" + port) : lan;
    }

    private static String host(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
