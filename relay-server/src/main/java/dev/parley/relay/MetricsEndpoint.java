package dev.parley.relay;

/**
 * Where the relay serves its metrics and health check ({@code --metrics HOST:PORT}): plain HTTP, unauthenticated, on
 * a port of its own.
 *
 * @param host an IP address or host name to listen on ({@code 127.0.0.1}, {@code ::1}, a management network's address)
 * @param port 1-65535, or 0 for a free port chosen by the system
 */
public record MetricsEndpoint(String host, int port) {
    public MetricsEndpoint {
        if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new IllegalArgumentException("the metrics address needs a host, not \"" + host + "\"");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the metrics port must be 0-65535, not " + port);
        }
    }

    /**
     * Reads {@code HOST:PORT}: {@code 127.0.0.1:9464}, {@code localhost:9464}, {@code [::1]:9464} (an IPv6 address in
     * brackets). Throws {@link IllegalArgumentException} saying what is wrong.
     */
    public static MetricsEndpoint parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.contains("/")) {
            throw new IllegalArgumentException("expected HOST:PORT without a scheme or path, e.g. 127.0.0.1:9464, not \""
                    + v + "\"");
        }
        int colon = v.lastIndexOf(':');
        if (colon <= 0 || colon == v.length() - 1) {
            throw new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:9464, not \"" + v + "\"");
        }
        String host = v.substring(0, colon);
        String port = v.substring(colon + 1);
        if (host.startsWith("[") != host.endsWith("]")) {
            throw new IllegalArgumentException("an IPv6 address goes in brackets, e.g. [::1]:9464, not \"" + v + "\"");
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
            if (host.isEmpty() || !host.contains(":")) {
                throw new IllegalArgumentException("brackets hold an IPv6 address, not \"" + v + "\"");
            }
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 address goes in brackets, e.g. [::1]:9464, not \"" + v + "\"");
        }
        if (!port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5 || Integer.parseInt(port) > 65535) {
            throw new IllegalArgumentException("the port must be a number 0-65535, not \"" + port + "\"");
        }
        return new MetricsEndpoint(host, Integer.parseInt(port));
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
