package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Publishes one relay's events on its cluster's subject with the relay's id in the {@link NatsBus#RELAY_HEADER}
 * header, and counts (and logs once per outage) every event it has to drop.
 *
 * <p>jnats bounds its reconnect buffer only between its attempts, so this counts the bytes published since the
 * connection was lost and drops what goes beyond the reconnect buffer; it also drops what jnats refuses because its
 * outgoing queue is full. An event larger than the server's {@code max_payload} is refused, not dropped.
 */
final class NatsPublisher {
    private static final long MAX_PAYLOAD_UNKNOWN = 1 << 20; // NATS's default, until a server has said its own
    /** Under the bus's name: its drop lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final String subject;
    private final String relayId;
    private final long reconnectBufferBytes;
    private final BooleanSupplier closed;
    private final int headerBytes;
    private final AtomicLong dropped = new AtomicLong();
    /** Bytes published since the connection was lost. */
    private final AtomicLong bufferedWhileDown = new AtomicLong();
    /** Whether this outage's (or this burst's) first drop has been logged. */
    private final AtomicBoolean droppingLogged = new AtomicBoolean();
    private volatile long knownMaxPayload = MAX_PAYLOAD_UNKNOWN;

    /** @param closed whether the bus is closed: a publish that fails then is refused, not counted as dropped */
    NatsPublisher(String subject, String relayId, long reconnectBufferBytes, BooleanSupplier closed) {
        this.subject = subject;
        this.relayId = relayId;
        this.reconnectBufferBytes = reconnectBufferBytes;
        this.closed = closed;
        this.headerBytes = headers().serializedLength();
    }

    /** A new outage began: the bytes it buffers are counted from zero and its first drop is logged. */
    void outage() {
        bufferedWhileDown.set(0);
        droppingLogged.set(false);
    }

    /** Learns the {@code max_payload} of the server {@code c} is connected to. */
    void remember(Connection c) {
        long max = c.getMaxPayload();
        if (max > 0) {
            knownMaxPayload = max;
        }
    }

    /**
     * Publishes {@code event} on {@code c} ({@code null}: not connected; {@code down}: the connection is lost and
     * jnats buffers); false when it is refused (too large, or the bus closed), true when published or dropped.
     */
    boolean publish(Connection c, boolean down, byte[] event) {
        if ((long) event.length + headerBytes > knownMaxPayload) {
            return false;
        }
        if (c == null) {
            dropping("not connected");
            return true;
        }
        if (down && bufferedWhileDown.addAndGet(event.length + headerBytes) > reconnectBufferBytes) {
            dropping("disconnected, and " + reconnectBufferBytes + " bytes wait already");
            return true;
        }
        try {
            c.publish(subject, headers(), event);
            return true;
        } catch (IllegalStateException e) { // the reconnect buffer is full, or the connection was given up
            if (closed.getAsBoolean()) {
                return false;
            }
            dropping(ClusterOptions.redact(e.getMessage()));
            return true;
        } catch (IllegalArgumentException e) { // a server with a smaller max_payload than the last one
            return false;
        }
    }

    /** One event lost: counted, and logged once per outage. */
    void dropping(String why) {
        dropped.incrementAndGet();
        if (droppingLogged.compareAndSet(false, true)) {
            log.warn("cluster bus: dropping events for the other relays ({}); counted in droppedEvents", why);
        }
    }

    /** Events this publisher dropped. */
    long dropped() {
        return dropped.get();
    }

    /** The largest event {@link #publish} takes now: the server's {@code max_payload} less the header. */
    long maxEventBytes() {
        return knownMaxPayload - headerBytes;
    }

    private Headers headers() {
        return new Headers().put(NatsBus.RELAY_HEADER, relayId);
    }
}
