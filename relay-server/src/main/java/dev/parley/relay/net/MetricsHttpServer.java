package dev.parley.relay.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operator's listener: plain HTTP on a port of its own, on one event loop thread of its own, so nothing that
 * happens on it reaches the relay's port or threads. {@code GET /metrics} answers the metrics in Prometheus's text
 * format, {@code GET /health} whether the relay is ready; see {@link MetricsRequests} for everything else. There is no
 * authentication: bind it to localhost or a management network.
 */
public final class MetricsHttpServer implements AutoCloseable {
    /** Connections served at once; more are closed at once (Prometheus needs one, an operator's curl another). */
    static final int MAX_CONNECTIONS = 32;
    /** Longest request line and longest headers read before the request is refused with 400. */
    static final int MAX_REQUEST_LINE = 2048;
    static final int MAX_HEADERS = 8192;

    /** What the listener serves. Called on its event loop: {@link #metrics} must be quick, {@link #health} must not block. */
    public interface Pages {
        /** The Content-Type of {@link #metrics()}. */
        String metricsContentType();

        /** The metrics, in the exposition format {@link #metricsContentType()} names. */
        String metrics();

        /** Whether the relay is ready; completes on any thread, within a bounded time. */
        CompletionStage<Health> health();
    }

    /**
     * An answer to {@code /health}.
     *
     * @param ready 200 when true, 503 when false
     * @param json  the body, a JSON object
     */
    public record Health(boolean ready, String json) {
    }

    private final EventLoopGroup loop;
    private final Channel listener;

    private MetricsHttpServer(EventLoopGroup loop, Channel listener) {
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Listens on {@code address}; returns once bound, or throws what stopped it.
     *
     * @param requestMillis how long a connection has for a whole request, from its start or from the previous answer,
     *                      before it is closed (a client that sends nothing, or a byte at a time)
     */
    public static MetricsHttpServer start(InetSocketAddress address, Pages pages, NetworkEngine engine,
                                          long requestMillis) throws IOException {
        EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-metrics", true),
                engine.io());
        AtomicInteger open = new AtomicInteger();
        try {
            Channel listener = new ServerBootstrap()
                    .group(loop)
                    .channel(engine.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 64)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                                open.decrementAndGet();
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(closed -> open.decrementAndGet());
                            ch.pipeline()
                                    .addLast("http-decoder", new HttpRequestDecoder(new HttpDecoderConfig()
                                            .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS)
                                            .setMaxChunkSize(8192)))
                                    .addLast("http-encoder", new HttpResponseEncoder())
                                    .addLast("requests", new MetricsRequests(pages, requestMillis));
                        }
                    })
                    .bind(address).sync().channel();
            return new MetricsHttpServer(loop, listener);
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        }
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Stops listening, drops its connections and stops its thread. */
    @Override
    public void close() {
        listener.close().awaitUninterruptibly(1000);
        loop.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).awaitUninterruptibly(2000);
    }
}
