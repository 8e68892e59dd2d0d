package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.protocol.PinningTrustManager;
import dev.parley.protocol.Protocol;
import dev.parley.relay.discovery.Announcement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Finds a relay on this computer at the default port by opening a TLS connection to it (and no further): multicast
 * DNS shows only relays that announce themselves, on a network where multicast works (a relay started with
 * {@code --no-discovery}, or a computer without a LAN interface, is not announced). It is listed as "on this
 * computer" with no announced fingerprint, so the trust question does not claim a match it never checked.
 */
public final class LocalRelayProbe implements RelayDiscovery {
    private static final Logger log = LoggerFactory.getLogger(LocalRelayProbe.class);
    private static final int TIMEOUT_MILLIS = 1500;

    private final String name;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param name how the relay is listed ("This computer" in the person's language) */
    public LocalRelayProbe(String name, int port) {
        this.name = name;
        this.port = port;
    }

    public static LocalRelayProbe atDefaultPort(String name) {
        return new LocalRelayProbe(name, Protocol.DEFAULT_PORT);
    }

    @Override
    public void start(Listener listener) {
        Thread t = new Thread(() -> probe(listener), "parley-local-relay-probe");
        t.setDaemon(true);
        t.start();
    }

    private void probe(Listener listener) {
        probeOnce().filter(r -> !closed.get()).ifPresent(listener::found);
    }

    /** Looks once, on the calling thread: the relay listening at the port, if one answers TLS there. */
    java.util.Optional<FoundRelay> probeOnce() {
        PinningTrustManager trust = new PinningTrustManager(null);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {trust}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
                socket.setSoTimeout(TIMEOUT_MILLIS);
                socket.startHandshake();
            }
        } catch (IOException e) {
            log.debug("no relay on this computer at port {}: {}", port, e.getMessage());
        } catch (GeneralSecurityException e) {
            log.debug("cannot probe for a local relay: {}", e.getMessage());
        }
        if (trust.seenFingerprint() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new FoundRelay("local:" + port, name, new RelayAddress("127.0.0.1", port), null,
                Protocol.VERSION, Announcement.PEOPLE_UNKNOWN));
    }

    @Override
    public void close() {
        closed.set(true);
    }
}
