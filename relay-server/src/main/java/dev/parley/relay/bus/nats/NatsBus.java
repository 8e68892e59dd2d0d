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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cluster bus over NATS core. Every relay of a cluster publishes to and subscribes to one subject,
 * {@code parley.<cluster>.events}; the sender's id travels in the {@code Parley-Relay} header, and neither the server
 * ({@code no_echo}) nor this bus (the header) gives a relay its own events back. NATS keeps the order of one
 * connection's messages on one subject.
 * <p>
 * The connection is kept forever: the first attempt is made in {@link #start}; after a failure, or once jnats gives up
 * a connection, a thread of this bus tries again with back-off (0.25 s doubling to 4 s); jnats reconnects a lost
 * connection by itself with the same back-off. While disconnected, jnats buffers what is published, up to
 * {@link #DEFAULT_RECONNECT_BUFFER_BYTES} since the connection was lost (this bus counts them: jnats bounds its buffer
 * only between its attempts); beyond, events are dropped and counted, as are events discarded when jnats's outgoing
 * queue is full and events received faster than the listener takes them. Credentials in the server URLs are never
 * logged nor shown: logs and {@link #problem()} name servers by {@code host:port}.
 */
public final class NatsBus implements ClusterBus {
    /** The header that names the sending relay. */
    public static final String RELAY_HEADER = "Parley-Relay";
    /** Bytes of events kept while disconnected (jnats's own default), before this bus drops them. */
    public static final long DEFAULT_RECONNECT_BUFFER_BYTES = 8L << 20;
    /** Events that may wait for the listener before the NATS dispatcher waits too (then NATS's pending limits act). */
    static final int LISTENER_CAPACITY = 65_536;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final long MAX_PAYLOAD_UNKNOWN = 1 << 20; // NATS's default, until a server has said its own
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final ClusterOptions cluster;
    private final String id = LocalBus.randomId();
    private final String subject;
    private final long reconnectBufferBytes;
    private final int headerBytes;
    private final AtomicLong dropped = new AtomicLong();
    /** Bytes published since the connection was lost: jnats bounds its reconnect buffer only between attempts. */
    private final AtomicLong bufferedWhileDown = new AtomicLong();
    private final Object lock = new Object();
    /** The connection, once made; null before, and after jnats gave one up until the next is made. */
    private volatile Connection connection;
    private volatile String problem = "the cluster bus is not started";
    private volatile String lastError;
    private volatile boolean closed;
    private volatile boolean started;
    private volatile long knownMaxPayload = MAX_PAYLOAD_UNKNOWN;
    private ListenerThread listener;
    private Dispatcher dispatcher;
    private long droppedByGoneDispatchers;
    private volatile boolean down;
    /** Whether this outage's (or this burst's) first drop has been logged. */
    private final AtomicBoolean droppingLogged = new AtomicBoolean();
    private Thread connector;

    public NatsBus(ClusterOptions cluster) {
        this(cluster, DEFAULT_RECONNECT_BUFFER_BYTES);
    }

    /** A bus whose reconnect buffer holds {@code reconnectBufferBytes} (tests). */
    NatsBus(ClusterOptions cluster, long reconnectBufferBytes) {
        this.cluster = cluster;
        this.subject = subject(cluster.name());
        this.reconnectBufferBytes = reconnectBufferBytes;
        this.headerBytes = headers().serializedLength();
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
            problem = "connecting to NATS at " + cluster.hostPorts();
            started = true;
        }
        if (!connect()) {
            synchronized (lock) {
                markDown(unreachable());
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
            lastError = "NATS refused this relay's credentials";
            return false;
        } catch (IOException | RuntimeException e) {
            lastError = ClusterOptions.redact(String.valueOf(e.getMessage()));
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
            remember(c);
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
                markUp(c, false);
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
                    if (down && !closed) {
                        problem = unreachable();
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
                    markDown("lost the connection to NATS at " + hostPort(c) + "; reconnecting to "
                            + cluster.hostPorts());
                    if (c.getStatus() == Connection.Status.CONNECTED) {
                        markUp(c, true); // already back: the events were handed over out of order
                    }
                }
                case RECONNECTED, RESUBSCRIBED -> {
                    if (c.getStatus() == Connection.Status.CONNECTED) {
                        remember(c);
                        markUp(c, true);
                    }
                }
                case CLOSED -> {
                    droppedByGoneDispatchers += dispatcher == null ? 0 : dispatcher.getDroppedCount();
                    connection = null;
                    dispatcher = null;
                    markDown("the connection to NATS at " + cluster.hostPorts() + " was given up; connecting again");
                    startConnector();
                }
                default -> {
                }
            }
        }
    }

    /** Under the lock: the listener hears {@code down()} once per outage. */
    private void markDown(String why) {
        problem = why;
        if (!down) {
            bufferedWhileDown.set(0);
            down = true;
            droppingLogged.set(false);
            log.warn("cluster bus: {}", why);
            listener.down();
        }
    }

    /** Under the lock: connected; the listener hears {@code up()} if it heard {@code down()}. */
    private void markUp(Connection c, boolean logged) {
        problem = null;
        lastError = null;
        if (down) {
            down = false;
            if (logged) {
                log.info("cluster bus: connected again to NATS at {}", hostPort(c));
            }
            listener.up();
        }
    }

    private void remember(Connection c) {
        long max = c.getMaxPayload();
        if (max > 0) {
            knownMaxPayload = max;
        }
    }

    private String unreachable() {
        return "cannot reach NATS at " + cluster.hostPorts() + (lastError == null ? "" : ": " + lastError)
                + "; retrying";
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
        Connection c = connection;
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
            if (closed) {
                return false;
            }
            dropping(ClusterOptions.redact(e.getMessage()));
            return true;
        } catch (IllegalArgumentException e) { // a server with a smaller max_payload than the last one
            return false;
        }
    }

    /** The latest error jnats reported, for {@link #problem()} (already without credentials). */
    void lastError(String error) {
        lastError = error;
    }

    /** One event lost: counted, and logged once per outage. */
    void dropping(String why) {
        dropped.incrementAndGet();
        if (droppingLogged.compareAndSet(false, true)) {
            log.warn("cluster bus: dropping events for the other relays ({}); counted in droppedEvents", why);
        }
    }

    private Headers headers() {
        return new Headers().put(RELAY_HEADER, id);
    }

    @Override
    public Optional<String> problem() {
        String p = problem;
        if (p == null) {
            return Optional.empty();
        }
        String last = lastError;
        return Optional.of(last == null || p.contains(last) ? p : p + " (last error: " + last + ")");
    }

    @Override
    public long droppedEvents() {
        synchronized (lock) {
            return dropped.get() + droppedByGoneDispatchers + (dispatcher == null ? 0 : dispatcher.getDroppedCount());
        }
    }

    /** The largest event {@link #publish} takes now: the server's {@code max_payload} less the header. */
    public long maxEventBytes() {
        return knownMaxPayload - headerBytes;
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
            problem = "the cluster bus is closed";
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
