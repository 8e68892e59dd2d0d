package dev.parley.relay.tls;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * TLS 1.2+ server channels ({@link TlsChannel}: no busy wait, gathered writes, pooled buffers) that are
 * closed when their TLS and WebSocket handshakes have not finished within a deadline. Works around
 * Java-WebSocket issue #896: a TCP connection that never sends a ClientHello otherwise stays open forever
 * and pins the selector thread at 100 % CPU.
 */
public final class GuardedSslServerFactory extends DefaultSSLWebSocketServerFactory {
    private static final Logger log = LoggerFactory.getLogger(GuardedSslServerFactory.class);

    private final SSLParameters parameters;
    private final ScheduledExecutorService timers;
    private final long deadlineMillis;
    /** Free TLS buffers kept for reuse: enough for a burst of busy connections, about 13 MiB at most. */
    private final BufferPool buffers = new BufferPool(256);

    public GuardedSslServerFactory(SSLContext context, ExecutorService tlsTasks, SSLParameters parameters,
                                   ScheduledExecutorService timers, Duration deadline) {
        super(context, tlsTasks);
        this.parameters = parameters;
        this.timers = timers;
        this.deadlineMillis = deadline.toMillis();
    }

    @Override
    public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) throws IOException {
        SSLEngine engine = sslcontext.createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(parameters);
        ByteChannel wrapped = new TlsChannel(channel, engine, key, buffers);
        timers.schedule(() -> closeIfUnfinished(channel, key), deadlineMillis, TimeUnit.MILLISECONDS);
        return wrapped;
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
