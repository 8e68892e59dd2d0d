package dev.parley.relay;

import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything a relay is started with. Start from {@link #defaults()} and change what differs.
 *
 * @param keystore         a PKCS12 keystore to use instead of the generated certificate, or {@code null}
 * @param password         the room password clients must send, or {@code null} for none
 * @param maxBufferedBytes a client whose unsent data passes this is disconnected (close 1013)
 * @param handshakeTimeout a connection that has not finished the TLS and WebSocket handshakes by then is dropped
 * @param deadPeerTimeout  a connection from which nothing arrives for this long is closed; it is pinged after two
 *                         thirds of it
 * @param liveIdleTimeout  a live voice stream (protocol 2) that receives no chunk for this long is aborted
 * @param discovery        announce the relay on the local network (DNS-SD over multicast DNS); off in
 *                         {@link #defaults()} so embedded and test relays stay quiet, on in the command line
 * @param name             the name announced on the local network, or {@code null} for this computer's host name
 * @param passwordBan      when an address that keeps sending wrong room passwords is refused for a while
 * @param engine           the network edge's transport and TLS implementation
 * @param web              whether plain HTTPS requests get the web client (from the jar, or a folder in development)
 * @param metrics          where to serve metrics and the health check over plain HTTP, or {@code null} for nowhere
 *                         (the default)
 * @param cluster          the NATS servers that carry events to the other relays of this relay's cluster, or
 *                         {@code null} for a relay on its own (the default)
 * @param database         a {@code jdbc:postgresql://} URL to store messages in (shared by a cluster of relays), or
 *                         {@code null} for SQLite in {@code dataDir} (the default)
 */
public record RelayConfig(int port, String bind, Path dataDir, Path keystore,
                          String keystorePassword, String password, Limits limits, Retention retention,
                          RateLimits rateLimits, long maxBufferedBytes, Duration helloTimeout, Duration handshakeTimeout,
                          Duration deadPeerTimeout, Duration liveIdleTimeout, boolean discovery, String name,
                          PasswordBan passwordBan, Engine engine, WebClient web, MetricsEndpoint metrics,
                          Clock clock, ClusterOptions cluster, String database) {

    /** Longest name the relay can be announced with, in characters. */
    public static final int MAX_NAME_CHARS = 63;

    /** Default data directory: {@code ~/.parley/relay}. */
    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".parley", "relay");
    }

    /**
     * Port 55555 on all interfaces, data in {@link #defaultDataDir()}, a generated certificate, no password, not
     * announced on the network, serving the web client, no metrics, no cluster.
     */
    public static RelayConfig defaults() {
        return new RelayConfig(Protocol.DEFAULT_PORT, "0.0.0.0", defaultDataDir(), null, null, null,
                Limits.DEFAULTS, Retention.DEFAULTS, RateLimits.DEFAULTS, 32L << 20,
                Protocol.HELLO_TIMEOUT, Duration.ofSeconds(5), Duration.ofSeconds(60), Protocol.LIVE_IDLE_TIMEOUT,
                false, null, PasswordBan.DEFAULTS, Engine.AUTO, WebClient.BUILT_IN, null, Clock.systemUTC(), null, null);
    }

    public RelayConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("maxBufferedBytes must be positive");
        }
        if (deadPeerTimeout == null || deadPeerTimeout.toMillis() < 3) {
            throw new IllegalArgumentException("deadPeerTimeout must be at least 3 ms");
        }
        if (liveIdleTimeout == null || liveIdleTimeout.isNegative() || liveIdleTimeout.isZero()) {
            throw new IllegalArgumentException("liveIdleTimeout must be positive");
        }
        if (passwordBan == null || engine == null || web == null) {
            throw new IllegalArgumentException("passwordBan, engine and web must be given");
        }
        if (name != null && (name.isBlank() || name.codePointCount(0, name.length()) > MAX_NAME_CHARS)) {
            throw new IllegalArgumentException("the name must be 1-" + MAX_NAME_CHARS + " characters, not blank");
        }
    }

    public RelayConfig withPort(int port) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withBind(String bind) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withDataDir(Path dataDir) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withKeystore(Path keystore, String keystorePassword) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withPassword(String password) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withLimits(Limits limits) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withRetention(Retention retention) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withRateLimits(RateLimits rateLimits) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withMaxBufferedBytes(long maxBufferedBytes) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withHelloTimeout(Duration helloTimeout) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withHandshakeTimeout(Duration handshakeTimeout) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withDeadPeerTimeout(Duration deadPeerTimeout) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withLiveIdleTimeout(Duration liveIdleTimeout) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withDiscovery(boolean discovery) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withName(String name) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withPasswordBan(PasswordBan passwordBan) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withEngine(Engine engine) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withWeb(WebClient web) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withClock(Clock clock) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withMetrics(MetricsEndpoint metrics) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withCluster(ClusterOptions cluster) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }

    public RelayConfig withDatabase(String database) {
        return new RelayConfig(
                port, bind, dataDir, keystore, keystorePassword, password, limits, retention, rateLimits,
                maxBufferedBytes, helloTimeout, handshakeTimeout, deadPeerTimeout, liveIdleTimeout, discovery,
                name, passwordBan, engine, web, metrics, clock, cluster, database);
    }
}
