package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** jnats's errors and warnings, in the bus's log and problem with every URL's credentials removed; discards counted. */
final class NatsErrors implements ErrorListener {
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);
    private final NatsBus bus;
    /** The last error logged as a warning: the same error again (every reconnect attempt) goes to the debug log. */
    private volatile String lastWarned;

    NatsErrors(NatsBus bus) {
        this.bus = bus;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        String e = ClusterOptions.redact(error);
        bus.lastError(e);
        if (e.equals(lastWarned)) {
            log.debug("cluster bus: NATS says {} (again)", e);
        } else {
            lastWarned = e;
            log.warn("cluster bus: NATS says {}", e);
        }
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        String e = ClusterOptions.redact(exp.getClass().getSimpleName() + ": " + exp.getMessage());
        bus.lastError(e);
        log.debug("cluster bus: {}", e);
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
        log.warn("cluster bus: this relay takes the cluster's events slower than they come; NATS drops some"
                + " (counted in droppedEvents)");
    }

    @Override
    public void messageDiscarded(Connection conn, Message msg) {
        bus.dropping("the outgoing queue is full");
    }
}
