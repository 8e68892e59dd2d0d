package dev.parley.relay.net;

import dev.parley.relay.RelayConfig;
import dev.parley.relay.core.Relay;
import dev.parley.relay.core.Session;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The socket edge: turns Java-WebSocket callbacks into calls on {@link Relay}, and nothing else.
 * Frames are capped by the library (close 1009), pings detect dead peers within 60 s.
 */
public final class RelayServer extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(RelayServer.class);
    /** Pings every 40 s; a peer silent for 1.5 intervals (60 s) is closed. */
    private static final int PING_INTERVAL_SECONDS = 40;
    /** How often frames left without write interest are looked for (see {@link #rearmStrandedWrites}). */
    private static final long STRANDED_CHECK_MILLIS = 100;

    private final Relay relay;
    private final ScheduledExecutorService timers;
    private final long maxBufferedBytes;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Map<WebSocket, SocketMember> members = new ConcurrentHashMap<>();
    private volatile Exception failure;

    public RelayServer(InetSocketAddress address, Relay relay, RelayConfig config, ScheduledExecutorService timers) {
        super(address, Math.max(2, Runtime.getRuntime().availableProcessors()),
                List.of(new Draft_6455(List.of(), (int) config.limits().maxBinaryFrameBytes())));
        this.relay = relay;
        this.timers = timers;
        this.maxBufferedBytes = config.maxBufferedBytes();
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
        setConnectionLostTimeout(PING_INTERVAL_SECONDS);
    }

    /** Waits until the server listens; throws what stopped it from listening. */
    public void awaitStarted(long timeoutMillis) throws Exception {
        if (!started.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the server did not start within " + timeoutMillis + " ms");
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void onStart() {
        timers.scheduleWithFixedDelay(this::rearmStrandedWrites, STRANDED_CHECK_MILLIS, STRANDED_CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        SocketMember member = new SocketMember((WebSocketImpl) conn, this, timers, maxBufferedBytes);
        members.put(conn, member);
        conn.setAttachment(relay.open(member));
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        Session s = conn.getAttachment();
        if (s != null) {
            relay.onText(s, message);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        Session s = conn.getAttachment();
        if (s != null) {
            relay.onBinary(s, message);
        }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        members.remove(conn);
        Session s = conn.getAttachment();
        if (s != null) {
            relay.onClose(s, code, reason);
        }
    }

    /**
     * Java-WebSocket's selector thread drops write interest once a connection's queue is empty
     * ({@code WebSocketServer.doWrite}), and can do so just after another thread queued a frame and asked for
     * write interest ({@code onWriteDemand}): that frame then waits for the connection's next event, up to the
     * 40 s ping. Every {@value #STRANDED_CHECK_MILLIS} ms, a connection with frames queued and no write interest
     * gets it again.
     */
    void rearmStrandedWrites() {
        for (SocketMember member : members.values()) {
            member.rearmIfStranded();
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            failure = ex;
            started.countDown();
            log.error("the relay's server socket failed: {}", ex.toString());
        } else if (ex instanceof RuntimeException) {
            log.error("internal error while handling {}", conn.getRemoteSocketAddress(), ex);
        } else {
            log.debug("connection error from {}: {}", conn.getRemoteSocketAddress(), ex.toString());
        }
    }
}
