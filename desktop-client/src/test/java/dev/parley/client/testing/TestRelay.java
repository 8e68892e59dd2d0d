package dev.parley.client.testing;

import dev.parley.client.net.RelayAddress;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.core.RelayDirectory;
import dev.parley.relay.testing.LoopbackMulticast;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** An in-process relay on 127.0.0.1 (OS-chosen port, real TLS) that can be stopped and started again. */
public final class TestRelay implements AutoCloseable {
    private final Path dataDir;
    private final String password;
    private final String announceAs;
    private final Clock clock;
    private final RelayDirectory.Source directory;
    private ParleyRelay relay;
    private int port;

    public TestRelay(Path dataDir) {
        this(dataDir, null);
    }

    /** A relay whose room password is {@code password}. */
    public TestRelay(Path dataDir, String password) {
        this(dataDir, password, null);
    }

    private TestRelay(Path dataDir, String password, String announceAs) {
        this(dataDir, password, announceAs, Clock.systemUTC());
    }

    private TestRelay(Path dataDir, String password, String announceAs, Clock clock) {
        this(dataDir, password, announceAs, clock, fingerprint -> RelayDirectory.NONE);
    }

    private TestRelay(Path dataDir, String password, String announceAs, Clock clock, RelayDirectory.Source directory) {
        this.directory = directory;
        this.dataDir = dataDir;
        this.password = password;
        this.announceAs = announceAs;
        this.clock = clock;
        start();
    }

    /** A relay that stamps stored messages ({@code ts}) with {@code clock}, for messages from other days. */
    public static TestRelay clocked(Path dataDir, Clock clock) {
        return new TestRelay(dataDir, null, null, clock);
    }

    /**
     * A relay whose {@code welcome} lists what {@code directory} makes of its fingerprint ({@code welcome.relays}): the
     * relays of its cluster, as far as the app is concerned.
     */
    public static TestRelay listing(Path dataDir, RelayDirectory.Source directory) {
        return new TestRelay(dataDir, null, null, Clock.systemUTC(), directory);
    }

    /** This relay as a {@code welcome} lists it. */
    public dev.parley.protocol.RelayAddress listed() {
        return new dev.parley.protocol.RelayAddress("wss://127.0.0.1:" + port + "/", fingerprint());
    }

    /** A relay announced on the loopback interface under {@code name} (needs {@link LoopbackMulticast}). */
    public static TestRelay announced(Path dataDir, String name) {
        return new TestRelay(dataDir, null, name);
    }

    /** Starts (again), on the same port after the first start, with the same data and certificate. */
    public void start() {
        RelayConfig config = RelayConfig.defaults().withBind("127.0.0.1").withPort(port).withDataDir(dataDir)
                .withRateLimits(RateLimits.UNLIMITED).withPassword(password)
                .withDiscovery(announceAs != null).withName(announceAs).withClock(clock);
        try {
            relay = ParleyRelay.start(config, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = relay.port();
    }

    public void stop() {
        relay.close();
    }

    public ParleyRelay relay() {
        return relay;
    }

    public RelayAddress address() {
        return new RelayAddress("127.0.0.1", port);
    }

    public String fingerprint() {
        return relay.fingerprint();
    }

    @Override
    public void close() {
        relay.close();
    }
}
