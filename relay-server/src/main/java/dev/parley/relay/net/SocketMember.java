package dev.parley.relay.net;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.core.Member;
import dev.parley.relay.core.SharedFrame;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.Iterator;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Member} on a Java-WebSocket connection. Frames go straight into the connection's out queue as
 * shared, pre-encoded buffers. Java-WebSocket's queue is unbounded, so this class bounds it: past
 * {@code maxBufferedBytes} unsent, the member is a slow consumer and is closed with 1013 (try again later);
 * it resumes with {@code since} when it reconnects.
 */
final class SocketMember implements Member {
    /** WebSocket close code "try again later", used for slow consumers. */
    static final int SLOW_CONSUMER = 1013;
    private static final Logger log = LoggerFactory.getLogger(SocketMember.class);
    private static final long FORCE_CLOSE_MILLIS = 2000;

    private final WebSocketImpl conn;
    private final WebSocketServer server;
    private final ScheduledExecutorService timers;
    private final long maxBufferedBytes;
    private final String remote;
    /** Upper bound of the unsent bytes: grows on send, re-measured only when it passes the bound. */
    private long estimate;
    private boolean dropped;

    SocketMember(WebSocketImpl conn, WebSocketServer server, ScheduledExecutorService timers, long maxBufferedBytes) {
        this.conn = conn;
        this.server = server;
        this.timers = timers;
        this.maxBufferedBytes = maxBufferedBytes;
        this.remote = String.valueOf(conn.getRemoteSocketAddress());
    }

    @Override
    public void sendText(String json) {
        send(SharedFrame.text(json));
    }

    @Override
    public void send(SharedFrame frame) {
        ByteBuffer wire = WireFrames.of(frame);
        synchronized (this) {
            if (dropped || conn.getReadyState() != ReadyState.OPEN) {
                return;
            }
            estimate += wire.remaining();
            if (estimate > maxBufferedBytes) {
                estimate = measure();
                if (estimate + wire.remaining() > maxBufferedBytes) {
                    dropSlowConsumer();
                    return;
                }
                estimate += wire.remaining();
            }
            conn.outQueue.add(wire.duplicate());
        }
        server.onWriteDemand(conn);
    }

    private void dropSlowConsumer() {
        dropped = true;
        log.info("dropped: {} is a slow consumer ({} bytes unsent, bound {})", remote, estimate, maxBufferedBytes);
        discardBacklog();
        conn.close(SLOW_CONSUMER, "too far behind; reconnect to resume");
        timers.schedule(() -> {
            if (conn.getReadyState() != ReadyState.CLOSED) {
                conn.closeConnection(SLOW_CONSUMER, "too far behind");
            }
        }, FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Drops the queued frames that have not started going out, so the 1013 close frame is next on the wire
     * instead of behind megabytes the client will not read (it resumes with {@code since} anyway). Frames the
     * TLS channel has begun (position moved) stay, so the stream stays whole; the channel's lock keeps it from
     * starting one while this runs.
     */
    private void discardBacklog() {
        Object channel = conn.getChannel();
        synchronized (channel != null ? channel : this) {
            Iterator<ByteBuffer> queued = conn.outQueue.iterator();
            boolean head = true;
            while (queued.hasNext()) {
                ByteBuffer b = queued.next();
                if (!head && b.position() == 0) {
                    queued.remove();
                }
                head = false;
            }
        }
    }

    /** Asks for write interest again if frames wait without it (see {@link RelayServer#rearmStrandedWrites}). */
    void rearmIfStranded() {
        if (conn.outQueue.isEmpty() || !conn.isOpen()) {
            return;
        }
        SelectionKey key = conn.getSelectionKey();
        try {
            if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) == 0) {
                server.onWriteDemand(conn);
            }
        } catch (CancelledKeyException e) {
            // closing: nothing to write for
        }
    }

    private long measure() {
        long sum = 0;
        for (ByteBuffer b : conn.outQueue) {
            sum += b.remaining();
        }
        return sum;
    }

    @Override
    public void close(int code, String reason) {
        conn.close(code, reason);
        if (code == CloseCodes.TOO_BIG) {
            return;
        }
        timers.schedule(() -> {
            if (conn.getReadyState() != ReadyState.CLOSED) {
                conn.closeConnection(code, reason);
            }
        }, FORCE_CLOSE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public long bufferedBytes() {
        return measure();
    }

    @Override
    public boolean isOpen() {
        return conn.isOpen();
    }

    @Override
    public String remote() {
        return remote;
    }
}
