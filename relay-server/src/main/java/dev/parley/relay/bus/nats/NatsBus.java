package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.bus.ListenerThread;
import dev.parley.relay.bus.LocalBus;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The cluster bus over NATS core: keeps this relay's connection to NATS, hands the listener what the other relays
 * publish, and publishes this relay's events through a {@link NatsPublisher}.
 * <p>
 * Every relay of a cluster publishes to and subscribes to one subject, {@code parley.<cluster>.events}; the sender's
 * id travels in the {@code Parley-Relay} header, and neither the server ({@code no_echo}) nor this bus (the header)
 * gives a relay its own events back. NATS keeps the order of one connection's messages on one subject.
 * <p>
 * The connection is kept forever: the first attempt is made in {@link #start}; after a failure, or once jnats gives up
 * a connection, a thread of this bus tries again with back-off (0.25 s doubling to 4 s); jnats reconnects a lost
 * connection by itself with the same back-off. While disconnected, jnats buffers what is published, up to
 * {@link #DEFAULT_RECONNECT_BUFFER_BYTES} since the connection was lost; beyond, events are dropped and counted, as are
 * events discarded when jnats's outgoing queue is full and events received faster than the listener takes them
 * ({@link NatsHealth} tells the listener when the bus goes down and comes back). Credentials in the server URLs are
 * never logged nor shown: logs and {@link #problem()} name servers by {@code host:port}.
 */
public final class NatsBus implements ClusterBus {
    /** The header that names the sending relay. */
    public static final String RELAY_HEADER = "Parley-Relay";
    /** Bytes of events kept while disconnected (jnats's own default), before this bus drops them. */
    public static final long DEFAULT_RECONNECT_BUFFER_BYTES = 8L << 20;
    /** Events that may wait for the listener before the NATS dispatcher waits too (then NATS's pending limits act). */
    static final int LISTENER_CAPACITY = 65_536;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final ClusterOptions cluster;
    private final String id = LocalBus.randomId();
    private final String subject;
    private final long reconnectBufferBytes;
    private final NatsPublisher publisher;
    private final NatsHealth health;
    private final Object lock = new Object();
    /** The connection, once made; null before, and after jnats gave one up until the next is made. */
    private volatile Connection connection;
    private volatile boolean closed;
    private volatile boolean started;
    private ListenerThread listener;
    private Dispatcher dispatcher;
    private long droppedByGoneDispatchers;
    private Thread connector;

    public NatsBus(ClusterOptions cluster) {
        this(cluster, DEFAULT_RECONNECT_BUFFER_BYTES);
    }

    /** A bus whose reconnect buffer holds {@code reconnectBufferBytes} (tests). */
    NatsBus(ClusterOptions cluster, long reconnectBufferBytes) {
        this.cluster = cluster;
        this.subject = subject(cluster.name());
        this.reconnectBufferBytes = reconnectBufferBytes;
        this.publisher = new NatsPublisher(subject, id, reconnectBufferBytes, () -> closed);
        this.health = new NatsHealth(cluster.hostPorts(), publisher);
    }

    /** The subject a cluster's relays speak on. */
    public static String subject(String clusterName) {
        return "parley." + clusterName + ".events";
    }

    @Override
    public String relayId() {
        return id;
    }

    @Override
    public void start(Listener listener) {
        synchronized (lock) {
            if (this.listener != null || closed) {
                throw new IllegalStateException("a bus starts once, before it is closed");
            }
            this.listener = new ListenerThread("parley-bus-" + id, listener, LISTENER_CAPACITY);
            health.starting(this.listener);
            started = true;
        }
        if (!connect()) {
            synchronized (lock) {
                health.down(health.unreachable());
                startConnector();
            }
        }
    }

    /** One attempt at every server; true when connected and subscribed (or closed meanwhile). */
    private boolean connect() {
        Connection c;
        try {
            c = Nats.connect(NatsOptions.build(cluster, id, reconnectBufferBytes, this::connectionEvent,
                    new NatsErrors(this)));
        } catch (AuthenticationException e) {
            health.lastError("NATS refused this relay's credentials");
            return false;
        } catch (IOException | RuntimeException e) {
            health.lastError(ClusterOptions.redact(String.valueOf(e.getMessage())));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        synchronized (lock) {
            if (closed) {
                closeQuietly(c);
                return true;
            }
            connection = c;
            dispatcher = c.createDispatcher(this::received);
            dispatcher.subscribe(subject);
            publisher.remember(c);
        }
        try {
            c.flush(CONNECT_TIMEOUT); // the subscription has reached the server: what others publish from now on comes
        } catch (TimeoutException | RuntimeException e) {
            log.debug("no flush answer from NATS within {}", CONNECT_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            if (connection == c && c.getStatus() == Connection.Status.CONNECTED) {
                log.info("cluster bus: connected to NATS at {} as relay {} ({})", hostPort(c), id, subject);
                health.up(hostPort(c), false);
            }
        }
        return true;
    }

    /** After the first attempt failed or jnats gave a connection up: tries again with back-off until connected. */
    private void startConnector() {
        if (connector != null && connector.isAlive() || closed) {
            return;
        }
        connector = new Thread(() -> {
            for (long round = 1; !closed; round++) {
                try {
                    Thread.sleep(NatsOptions.backOff(round).toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                if (closed || connect()) {
                    return;
                }
                synchronized (lock) {
                    if (!closed) {
                        health.stillUnreachable();
                    }
                }
            }
        }, "parley-bus-connect-" + id);
        connector.setDaemon(true);
        connector.start();
    }

    private void connectionEvent(Connection c, ConnectionListener.Events event) {
        synchronized (lock) {
            if (c != connection || closed) {
                return;
            }
            switch (event) {
                case DISCONNECTED -> {
                    health.down("lost the connection to NATS at " + hostPort(c) + "; reconnecting to "
                            + cluster.hostPorts());
                    if (c.getStatus() == Connection.Status.CONNECTED) {
                        health.up(hostPort(c), true); // already back: the events were handed over out of order
                    }
                }
                case RECONNECTED, RESUBSCRIBED -> {
                    if (c.getStatus() == Connection.Status.CONNECTED) {
                        publisher.remember(c);
                        health.up(hostPort(c), true);
                    }
                }
                case CLOSED -> {
                    droppedByGoneDispatchers += dispatcher == null ? 0 : dispatcher.getDroppedCount();
                    connection = null;
                    dispatcher = null;
                    health.down("the connection to NATS at " + cluster.hostPorts() + " was given up; connecting again");
                    startConnector();
                }
                default -> {
                }
            }
        }
    }

    private void received(Message message) {
        Headers headers = message.getHeaders();
        String from = headers == null ? null : headers.getFirst(RELAY_HEADER);
        if (from == null || from.equals(id)) {
            return; // not a relay's event, or our own (no_echo should have kept it away)
        }
        byte[] data = message.getData();
        listener.event(from, data == null ? new byte[0] : data);
    }

    @Override
    public boolean publish(byte[] event) {
        if (closed || !started) {
            return false;
        }
        return publisher.publish(connection, health.isDown(), event);
    }

    /** The latest error jnats reported, for {@link #problem()} (already without credentials). */
    void lastError(String error) {
        health.lastError(error);
    }

    /** One event lost (jnats discarded it): counted, and logged once per outage. */
    void dropping(String why) {
        publisher.dropping(why);
    }

    @Override
    public Optional<String> problem() {
        return health.problem();
    }

    @Override
    public long droppedEvents() {
        synchronized (lock) {
            return publisher.dropped() + droppedByGoneDispatchers + (dispatcher == null ? 0 : dispatcher.getDroppedCount());
        }
    }

    /** The largest event {@link #publish} takes now: the server's {@code max_payload} less the header. */
    public long maxEventBytes() {
        return publisher.maxEventBytes();
    }

    @Override
    public void close() {
        Connection c;
        Thread retrying;
        ListenerThread l;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            health.closed();
            c = connection;
            connection = null;
            retrying = connector;
            l = listener;
        }
        if (l != null) {
            l.close(); // first: a dispatcher waiting for the listener's room wakes up
        }
        if (retrying != null) {
            retrying.interrupt();
            try {
                retrying.join(CONNECT_TIMEOUT.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (c != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("closing the NATS connection: {}", ClusterOptions.redact(e.getMessage()));
        }
    }

    /** {@code host:port} of the server {@code c} is connected to (never with credentials), or the configured list. */
    private String hostPort(Connection c) {
        try {
            String url = c.getConnectedUrl();
            return url == null ? cluster.hostPorts() : ClusterOptions.hostPort(URI.create(url));
        } catch (RuntimeException e) {
            return cluster.hostPorts();
        }
    }

    @Override
    public String toString() {
        return "NATS bus " + id + " (" + cluster + ")";
    }
}
