package dev.parley.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a relay reaches the other relays of its cluster ({@code --cluster}, {@code --cluster-name}): the NATS servers to
 * connect to, and the cluster's name, which keeps several clusters on one NATS apart.
 * <p>
 * A server may carry credentials ({@code nats://user:password@host:port}, or a token: {@code nats://token@host:port});
 * {@link #toString()}, {@link #hostPorts()} and every error message leave them out.
 *
 * @param servers one or more {@code nats://} URLs, tried in turn
 * @param name    the cluster's name: 1-32 letters, digits, {@code _} or {@code -}
 */
public record ClusterOptions(List<URI> servers, String name) {
    /** The cluster name when none is given. */
    public static final String DEFAULT_NAME = "parley";
    /** NATS's own port, for a server URL without one. */
    public static final int DEFAULT_PORT = 4222;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public ClusterOptions {
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("at least one NATS server is needed");
        }
        servers = List.copyOf(servers);
        for (URI server : servers) {
            check(server);
        }
        checkName(name);
    }

    /** Throws {@link IllegalArgumentException} saying why, unless {@code name} is 1-32 letters, digits, _ or -. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the cluster name must be 1-32 letters, digits, _ or -, not \""
                    + (name == null ? "" : name) + "\"");
        }
    }

    /**
     * Reads a comma-separated server list, {@code nats://HOST[:PORT][,nats://HOST[:PORT]...]}; throws
     * {@link IllegalArgumentException} saying what is wrong (never repeating a password).
     */
    public static ClusterOptions parse(String servers, String name) {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException("expected nats://HOST:PORT[,nats://HOST:PORT...], not nothing");
        }
        List<URI> list = new ArrayList<>();
        for (String part : servers.split(",", -1)) {
            String s = part.strip();
            if (s.isEmpty()) {
                throw new IllegalArgumentException("an empty server in the list \"" + redact(servers)
                        + "\": separate nats://HOST:PORT URLs with single commas");
            }
            URI uri;
            try {
                uri = new URI(s);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("\"" + redact(s) + "\" is not a URL like nats://HOST:PORT");
            }
            if (uri.getScheme() != null && uri.getScheme().equalsIgnoreCase("nats") && uri.getRawAuthority() != null
                    && uri.getPort() == -1 && !uri.getRawAuthority().endsWith(":")) {
                try {
                    uri = new URI(uri.getScheme(), uri.getRawUserInfo() == null ? null : uri.getUserInfo(),
                            uri.getHost(), DEFAULT_PORT, uri.getPath(), uri.getQuery(), uri.getFragment());
                } catch (URISyntaxException e) {
                    throw new IllegalArgumentException("\"" + redact(s) + "\" is not a URL like nats://HOST:PORT");
                }
            }
            list.add(uri);
        }
        return new ClusterOptions(list, name == null ? DEFAULT_NAME : name);
    }

    private static void check(URI server) {
        String shown = redact(server.toString());
        if (server.getScheme() == null || !server.getScheme().equalsIgnoreCase("nats")) {
            throw new IllegalArgumentException("\"" + shown + "\" is not a nats:// URL (expected nats://HOST:PORT)");
        }
        if (server.getHost() == null || server.getHost().isEmpty()) {
            throw new IllegalArgumentException("\"" + shown + "\" has no host or a bad port (expected nats://HOST:PORT,"
                    + " port 1-65535)");
        }
        if (server.getPort() < 1 || server.getPort() > 65535) {
            throw new IllegalArgumentException("\"" + shown + "\" needs a port 1-65535 (expected nats://HOST:PORT)");
        }
        if ((server.getRawPath() != null && !server.getRawPath().isEmpty() && !server.getRawPath().equals("/"))
                || server.getRawQuery() != null || server.getRawFragment() != null) {
            throw new IllegalArgumentException("\"" + shown + "\" has a path or query: expected nats://HOST:PORT");
        }
    }

    /** The servers as {@code host:port}, comma-separated: what logs and health answers show. */
    public String hostPorts() {
        return servers.stream().map(ClusterOptions::hostPort).collect(Collectors.joining(","));
    }

    /** {@code host:port} of one server, an IPv6 address in brackets, never its credentials. */
    public static String hostPort(URI server) {
        String host = server.getHost();
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + server.getPort();
    }

    /** {@code text} with the credentials of any URL in it replaced by {@code ***}. */
    public static String redact(String text) {
        return text == null ? "" : USER_INFO.matcher(text).replaceAll("$1***@");
    }

    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s,]*@");

    @Override
    public String toString() {
        return "cluster " + name + " on " + hostPorts();
    }
}
