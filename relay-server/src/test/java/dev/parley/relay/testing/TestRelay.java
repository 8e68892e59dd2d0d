package dev.parley.relay.testing;

import dev.parley.relay.Engine;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.core.RelayDirectory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * An in-process relay on 127.0.0.1 with an OS-chosen port and a test's data directory. {@link #restart} closes it
 * and starts it again on the same data directory and port. Clients made through it are disposed on {@link #close}.
 */
public final class TestRelay implements AutoCloseable {
    static {
        LibraryAssertions.disable();
    }

    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private final RelayDirectory.Source directory;
    private RelayConfig config;
    private ParleyRelay relay;
    private SSLContext tls;

    private TestRelay(RelayConfig config, RelayDirectory.Source directory) throws IOException {
        this.config = config;
        this.directory = directory;
        this.relay = ParleyRelay.start(config, directory);
        this.tls = TrustedTls.trusting(relay.certificate());
    }

    /**
     * The system property that picks the network engine every test relay runs on: {@code auto} (default: native epoll
     * and BoringSSL here) or {@code portable} (NIO and the JDK's TLS, what Windows and macOS run). The build runs the
     * integration tests once with each.
     */
    public static final String ENGINE_PROPERTY = "parley.test.engine";

    /** The engine chosen by {@link #ENGINE_PROPERTY}. */
    public static Engine engine() {
        String wanted = System.getProperty(ENGINE_PROPERTY, "auto");
        return switch (wanted) {
            case "auto" -> Engine.AUTO;
            case "portable" -> Engine.PORTABLE;
            default -> throw new IllegalArgumentException(ENGINE_PROPERTY + " must be auto or portable, not " + wanted);
        };
    }

    /**
     * The config tests start from: defaults, but on 127.0.0.1:0 in {@code dataDir}, without rate limits, on the
     * {@linkplain #engine() engine under test}.
     */
    public static RelayConfig baseConfig(Path dataDir) {
        return RelayConfig.defaults().withBind("127.0.0.1").withPort(0).withDataDir(dataDir)
                .withRateLimits(RateLimits.UNLIMITED).withEngine(engine());
    }

    public static TestRelay start(Path dataDir) {
        return start(dataDir, c -> c);
    }

    /** Starts a relay with {@link #baseConfig} changed by {@code customize}. */
    public static TestRelay start(Path dataDir, UnaryOperator<RelayConfig> customize) {
        return start(dataDir, customize, fingerprint -> RelayDirectory.NONE);
    }

    /** As above, its welcome listing the relays of {@code directory} ({@code welcome.relays}). */
    public static TestRelay start(Path dataDir, UnaryOperator<RelayConfig> customize, RelayDirectory.Source directory) {
        try {
            return new TestRelay(customize.apply(baseConfig(dataDir)), directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ParleyRelay relay() {
        return relay;
    }

    public RelayConfig config() {
        return config;
    }

    public int port() {
        return relay.port();
    }

    public URI uri() {
        return URI.create("wss://127.0.0.1:" + relay.port() + "/");
    }

    public X509Certificate certificate() {
        return relay.certificate();
    }

    /** A TLS context trusting exactly this relay's certificate. */
    public SSLContext tls() {
        return tls;
    }

    /** A connected client that has not said hello yet. */
    public TestClient connect(String label) {
        TestClient c = TestClient.connect(uri(), tls, label);
        clients.add(c);
        return c;
    }

    /** A connected client with a fixed, small socket receive buffer (for slow-consumer tests). */
    public TestClient connect(String label, int receiveBufferBytes) {
        TestClient c = TestClient.connect(uri(), tls, label, receiveBufferBytes);
        clients.add(c);
        return c;
    }

    /** A client that said hello without {@code since} and consumed its welcome. */
    public TestClient join(String nick, String room) {
        return join(nick, room, null);
    }

    public TestClient join(String nick, String room, Long since) {
        TestClient c = connect(nick);
        c.join(nick, room, since);
        return c;
    }

    /** Closes the relay and starts it again with the same config, data directory and port. */
    public void restart() {
        int port = relay.port();
        relay.close();
        try {
            config = config.withPort(port);
            relay = ParleyRelay.start(config, directory);
            tls = TrustedTls.trusting(relay.certificate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the relay only (clients see it go). */
    public void closeRelay() {
        relay.close();
    }

    @Override
    public void close() {
        relay.close();
        for (TestClient c : clients) {
            c.dispose();
        }
    }
}
