package dev.parley.client.net;

import dev.parley.protocol.Protocol;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a relay listens. People may type {@code wss://host:port}, {@code host:port} or just {@code host}
 * (port {@value dev.parley.protocol.Protocol#DEFAULT_PORT}).
 */
public record RelayAddress(String host, int port) {

    public RelayAddress {
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad relay address " + host + ":" + port);
        }
    }

    /** Parses what a person typed, or empty when it is not an address. */
    public static Optional<RelayAddress> parse(String typed) {
        if (typed == null || typed.isBlank()) {
            return Optional.empty();
        }
        String s = typed.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("wss://")) {
            s = s.substring(6);
        } else if (lower.contains("://")) {
            return Optional.empty();
        }
        if (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI uri = new URI("wss://" + s + "/");
            if (uri.getHost() == null || uri.getRawPath() == null || !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getUserInfo() != null) {
                return Optional.empty();
            }
            int port = uri.getPort() < 0 ? Protocol.DEFAULT_PORT : uri.getPort();
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Optional.of(new RelayAddress(host, port));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The WebSocket URI to connect to. */
    public URI uri() {
        return URI.create("wss://" + hostForUri() + ":" + port + "/");
    }

    /** The key under which this relay's certificate is remembered. */
    public String key() {
        return hostForUri().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** What people type: {@code wss://host:port}. */
    @Override
    public String toString() {
        return "wss://" + hostForUri() + ":" + port;
    }

    private String hostForUri() {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
