package dev.parley.relay.bus.nats;

import dev.parley.relay.bus.ListenerThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Whether the bus is connected, as health checks and the bus's listener see it: the problem to report (with NATS's
 * latest error), and {@code down()} and {@code up()} told to the listener once per outage.
 *
 * <p>The bus changes it holding its lock; {@link #problem()} and {@link #isDown()} are read from any thread.
 */
final class NatsHealth {
    /** Under the bus's name: its connection lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final String hostPorts;
    private final NatsPublisher publisher;
    private volatile String problem = "the cluster bus is not started";
    private volatile String lastError;
    private volatile boolean down;
    private ListenerThread listener;

    /**
     * @param hostPorts the configured servers, without credentials
     * @param publisher told when an outage begins
     */
    NatsHealth(String hostPorts, NatsPublisher publisher) {
        this.hostPorts = hostPorts;
        this.publisher = publisher;
    }

    /** The bus started, with {@code listener}: it is connecting. */
    void starting(ListenerThread listener) {
        this.listener = listener;
        problem = "connecting to NATS at " + hostPorts;
    }

    /** Connection lost or not made, for {@code why}: the listener hears {@code down()} once per outage. */
    void down(String why) {
        problem = why;
        if (!down) {
            publisher.outage();
            down = true;
            log.warn("cluster bus: {}", why);
            listener.down();
        }
    }

    /**
     * Connected to the server at {@code hostPort}: the listener hears {@code up()} if it heard {@code down()}, and
     * {@code logged} says whether to log that the bus is back.
     */
    void up(String hostPort, boolean logged) {
        problem = null;
        lastError = null;
        if (down) {
            down = false;
            if (logged) {
                log.info("cluster bus: connected again to NATS at {}", hostPort);
            }
            listener.up();
        }
    }

    /** Another attempt to connect failed: the problem names the latest error. */
    void stillUnreachable() {
        if (down) {
            problem = unreachable();
        }
    }

    /** The problem while no server can be reached. */
    String unreachable() {
        return "cannot reach NATS at " + hostPorts + (lastError == null ? "" : ": " + lastError) + "; retrying";
    }

    /** The latest error jnats reported, or an attempt to connect met (already without credentials). */
    void lastError(String error) {
        lastError = error;
    }

    void closed() {
        problem = "the cluster bus is closed";
    }

    /** Whether the connection is lost (jnats buffers what is published meanwhile). */
    boolean isDown() {
        return down;
    }

    /** The problem, with NATS's latest error when the problem does not say it already; empty when connected. */
    Optional<String> problem() {
        String p = problem;
        if (p == null) {
            return Optional.empty();
        }
        String last = lastError;
        return Optional.of(last == null || p.contains(last) ? p : p + " (last error: " + last + ")");
    }
}
