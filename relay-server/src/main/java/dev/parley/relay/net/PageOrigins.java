package dev.parley.relay.net;

import dev.parley.protocol.RelayAddress;
import dev.parley.relay.core.RelayDirectory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which browser pages may open a WebSocket here, and which relays the page this relay serves may connect to: its own
 * origin, and those of the relays its directory lists ({@code welcome.relays}: the cluster's advertised relays), so
 * a page from one relay of a cluster can fail over to another (PROTOCOL.md "More than one relay").
 */
final class PageOrigins {
    /** The page's policy but for {@code connect-src}, which {@link #contentSecurityPolicy()} fills in. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src %s; worker-src 'self'; "
            + "manifest-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /**
     * The hosts a CSP source can name (RFC 3986 reg-names of letters, digits, '-' and '.', which includes IPv4): an
     * IPv6 literal cannot be written in a policy, so a relay advertised by one is not reachable from the page.
     */
    private static final Pattern NAMEABLE_HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    /** Only the page's own relay: a relay with no directory. */
    static final PageOrigins OWN = new PageOrigins(RelayDirectory.NONE);

    private final RelayDirectory relays;

    PageOrigins(RelayDirectory relays) {
        this.relays = relays;
    }

    /**
     * The Content-Security-Policy of the relay's pages now: scripts, styles and media only from the relay itself, and
     * WebSockets to itself and to every relay its directory lists whose host a policy can name.
     */
    String contentSecurityPolicy() {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (RelayAddress r : relays.relays()) {
            URI u = r.uri();
            String host = u.getHost();
            if (host != null && NAMEABLE_HOST.matcher(host).matches()) {
                connect.add("wss://" + host + ":" + u.getPort());
            }
        }
        return String.format(POLICY, String.join(" ", connect));
    }

    /** The policy of a relay with no directory (and of error answers): WebSockets only to the page's own relay. */
    static String ownPolicy() {
        return OWN.contentSecurityPolicy();
    }

    /**
     * Whether a WebSocket upgrade from a page of {@code origin} (its Origin header; {@code null} when the client is
     * not a browser page) may proceed on this relay, reached as {@code host} (the request's Host header): a page of this
     * relay, or of a relay its directory lists or listed since this relay started (that relay may be the one that
     * is gone: its pages fail over here). Any other page is refused: once someone accepted the relay's
     * certificate, any site they opened could otherwise join rooms through their browser (cross-site WebSocket
     * hijacking).
     */
    boolean allows(String origin, String host) {
        if (origin == null || origin.equalsIgnoreCase("https://" + host)) {
            return true;
        }
        String page = hostPort(origin);
        if (page == null) {
            return false;
        }
        return relays.listedOnce(page);
    }

    /** {@code host:port} of an {@code https} origin (port 443 when it names none), lower case; else {@code null}. */
    private static String hostPort(String origin) {
        URI u;
        try {
            u = new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null || u.getRawUserInfo() != null
                || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null
                || u.getRawFragment() != null) {
            return null;
        }
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + (u.getPort() < 0 ? 443 : u.getPort());
    }
}
