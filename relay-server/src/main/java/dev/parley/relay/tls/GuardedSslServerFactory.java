package dev.parley.relay.tls;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TLS 1.2+ server channels ({@link TlsChannel}: no busy wait, gathered writes, pooled buffers) that are
 * closed when their TLS and WebSocket handshakes have not finished within a deadline. Works around
 * Java-WebSocket issue #896: a TCP connection that never sends a ClientHello otherwise stays open forever
 * and pins the selector thread at 100 % CPU.
 */
public final class GuardedSslServerFactory implements WebSocketServerFactory {
    private static final Logger log = LoggerFactory.getLogger(GuardedSslServerFactory.class);

    private final SSLContext context;
    private final SSLParameters parameters;
    private final ScheduledExecutorService timers;
    private final long deadlineMillis;
    /** Free TLS buffers kept for reuse: enough for a burst of busy connections, about 13 MiB at most. */
    private final BufferPool buffers = new BufferPool(256);

    /** Handshake tasks run inline on the selector thread (see {@link TlsChannel}): no executor of their own. */
    public GuardedSslServerFactory(SSLContext context, SSLParameters parameters, ScheduledExecutorService timers,
                                   Duration deadline) {
        this.context = context;
        this.parameters = parameters;
        this.timers = timers;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(parameters);
        ByteChannel wrapped = new TlsChannel(channel, engine, key, buffers);
        timers.schedule(() -> closeIfUnfinished(channel, key), deadlineMillis, TimeUnit.MILLISECONDS);
        return wrapped;
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, Draft draft) {
        return new WebSocketImpl(adapter, draft);
    }

    @Override
    public WebSocketImpl createWebSocket(WebSocketAdapter adapter, List<Draft> drafts) {
        return new WebSocketImpl(adapter, drafts);
    }

    @Override
    public void close() {
        // nothing of its own to release: the timers belong to the relay
    }

    private void closeIfUnfinished(SocketChannel channel, SelectionKey key) {
        if (!channel.isOpen()) {
            return;
        }
        Object attachment = key.attachment();
        if (attachment instanceof WebSocketImpl ws && ws.getReadyState() != ReadyState.NOT_YET_CONNECTED) {
            return;
        }
        String peer;
        try {
            peer = String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            peer = "?";
        }
        log.info("refused: {} did not finish the TLS/WebSocket handshake within {} ms", peer, deadlineMillis);
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing a stalled channel failed: {}", e.getMessage());
        }
    }
}
