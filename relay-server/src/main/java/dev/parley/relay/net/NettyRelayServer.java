package dev.parley.relay.net;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.web.WebFiles;
import dev.parley.relay.core.Relay;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ThreadPerTaskExecutor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The relay's network edge on Netty: one event loop per core accepts and serves TLS WebSocket connections (pipeline in
 * {@link RelayChannelInitializer}), filled one after the other ({@link PackingChooser}). {@link #stop} closes every client with 1001 and waits for them.
 */
public final class NettyRelayServer {
    /** Netty holds at most this much for a connection before the relay keeps the rest in the member's inbox. */
    private static final int MAX_HIGH_WATER = 1024 * 1024;

    /**
     * The write-buffer water marks for connections: 1 MiB (resume at a quarter of it), or a quarter of the slow-consumer
     * bound when that is small, so a bound below 1 MiB is kept too (the bound is checked once frames wait past it).
     */
    static WriteBufferWaterMark waterMark(long maxBufferedBytes) {
        int high = (int) Math.max(4096, Math.min(MAX_HIGH_WATER, maxBufferedBytes / 4));
        return new WriteBufferWaterMark(high / 4, high);
    }

    private final EventLoopGroup loops;
    private final PackingChooser packing;
    private final boolean ownsLoops;
    private final ChannelGroup channels;
    private final Channel listener;
    private final RelayChannelInitializer connections;

    private NettyRelayServer(EventLoopGroup loops, PackingChooser packing, boolean ownsLoops, ChannelGroup channels,
                             Channel listener, RelayChannelInitializer connections) {
        this.loops = loops;
        this.packing = packing;
        this.connections = connections;
        this.ownsLoops = ownsLoops;
        this.channels = channels;
        this.listener = listener;
    }

    /**
     * Listens on {@code address}; returns once bound, or throws what stopped it (port taken, bad address).
     * {@code events} hears of refusals at the edge, slow consumers and what is written to clients.
     */
    public static NettyRelayServer start(InetSocketAddress address, Relay relay, RelayConfig config, SslContext tls,
                                         NetworkEngine engine, WebFiles web, RelayEvents events) throws IOException {
        PackingChooser packing = new PackingChooser(PackingChooser.CONNECTIONS_PER_LOOP);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new ThreadPerTaskExecutor(new DefaultThreadFactory("parley-io", true)), packing, engine.io());
        return start(address, relay, config, tls, engine, web, events, loops, packing, true);
    }

    /**
     * Listens on {@code address} on {@code host}'s event loops, which it leaves running when it stops: the warm-up's
     * private relay, whose traffic then runs on the threads the real traffic will, and whose end stops no thread (a
     * loop shutting down took compiled code of the loops' hot paths with it).
     */
    public static NettyRelayServer startBeside(NettyRelayServer host, InetSocketAddress address, Relay relay,
                                               RelayConfig config, SslContext tls, NetworkEngine engine, WebFiles web)
            throws IOException {
        return start(address, relay, config, tls, engine, web, RelayEvents.NONE, host.loops, host.packing, false);
    }

    private static NettyRelayServer start(InetSocketAddress address, Relay relay, RelayConfig config, SslContext tls,
                                          NetworkEngine engine, WebFiles web, RelayEvents events, EventLoopGroup loops,
                                          PackingChooser packing, boolean ownsLoops) throws IOException {
        ChannelGroup channels = new DefaultChannelGroup("parley-clients", GlobalEventExecutor.INSTANCE);
        RelayChannelInitializer connections = new RelayChannelInitializer(tls, relay, config, channels, packing, web,
                events);
        try {
            Channel listener = new ServerBootstrap()
                    .group(loops)
                    .channel(engine.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark(config.maxBufferedBytes()))
                    .childHandler(connections)
                    .bind(address).sync().channel();
            return new NettyRelayServer(loops, packing, ownsLoops, channels, listener, connections);
        } catch (Exception e) {
            if (ownsLoops) {
                loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw new IOException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
        } catch (Throwable t) {
            if (ownsLoops) {
                loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            }
            throw t;
        }
    }

    /** The port it listens on (the real one when started with port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Connections open now: TLS handshakes, web client requests, WebSockets (joined or not), closing ones. */
    public int connections() {
        return channels.size();
    }

    /** Of {@link #connections()}, those past their WebSocket upgrade. */
    public int webSockets() {
        return connections.webSockets();
    }

    /**
     * Stops listening, closes every client with 1001 and {@code reason}, and waits up to {@code timeoutMillis} for them
     * to go before it drops the rest and stops its threads.
     */
    public void stop(String reason, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        listener.close().await(timeoutMillis);
        CloseConnection goingAway = new CloseConnection(CloseCodes.GOING_AWAY, reason);
        for (Channel ch : channels) {
            ch.pipeline().fireUserEventTriggered(goingAway); // on the channel's event loop
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!channels.newCloseFuture().await(left)) {
            channels.close().await(500);
        }
        if (ownsLoops) {
            loops.shutdownGracefully(0, 500, TimeUnit.MILLISECONDS).await(timeoutMillis);
        }
    }
}
