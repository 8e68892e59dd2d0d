package dev.parley.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One relay of a cluster as {@code welcome.relays} lists it: the address clients connect to and its certificate's
 * SHA-256 fingerprint, vouched for by the relay that sent the welcome.
 *
 * @param url         {@code wss://HOST:PORT/}: a host name, an IPv4 address or an IPv6 address in brackets, an
 *                    explicit port, the path {@code /} and nothing else
 * @param fingerprint upper-case hex pairs joined by ':' (95 characters), as in {@link CertificateFingerprint}
 */
public record RelayAddress(String url, String fingerprint) {
    private static final Pattern FINGERPRINT = Pattern.compile("([0-9A-F]{2}:){31}[0-9A-F]{2}");

    public RelayAddress {
        String problem = urlProblem(url).or(() -> fingerprintProblem(fingerprint)).orElse(null);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** The address as a URI. */
    public URI uri() {
        return URI.create(url);
    }

    /** {@code host:port} of the URL (an IPv6 host in brackets), as clients key the fingerprints they trust. */
    public String hostPort() {
        URI u = uri();
        return u.getHost() + ":" + u.getPort();
    }

    /**
     * Reads {@code wss://HOST:PORT} (a trailing {@code /} allowed) into the form relays list: lower-case scheme and
     * host, path {@code /}. Throws {@link IllegalArgumentException} saying what is wrong.
     */
    public static String normalizeUrl(String value) {
        String v = value == null ? "" : value.strip();
        URI u;
        try {
            u = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected wss://HOST:PORT, e.g. wss://relay1.example.lan:55555, not \""
                    + v + "\"");
        }
        if (!"wss".equalsIgnoreCase(u.getScheme())) {
            throw new IllegalArgumentException("the address must start with wss:// (e.g. wss://relay1.example.lan:55555),"
                    + " not \"" + v + "\"");
        }
        if (u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("expected wss://HOST:PORT with no user, path, query or fragment, not \""
                    + v + "\"");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("the address needs a host name or IP address, e.g. "
                    + "wss://192.168.1.20:55555, not \"" + v + "\"");
        }
        if (u.getPort() < 1 || u.getPort() > 65535) {
            throw new IllegalArgumentException("the address needs a port 1-65535, e.g. wss://192.168.1.20:55555, not \""
                    + v + "\"");
        }
        return "wss://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + u.getPort() + "/";
    }

    /** What is wrong with a listed URL (it must be in the normalized form), or empty. */
    static Optional<String> urlProblem(String url) {
        try {
            if (url != null && normalizeUrl(url).equals(url)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.of("a relay's url must be wss://HOST:PORT/ (lower case, path /), not \"" + url + "\"");
    }

    static Optional<String> fingerprintProblem(String fingerprint) {
        return fingerprint != null && FINGERPRINT.matcher(fingerprint).matches() ? Optional.empty()
                : Optional.of("a fingerprint is 32 upper-case hex pairs joined by ':', not \"" + fingerprint + "\"");
    }
}
