package dev.parley.bench.bare;

import dev.parley.protocol.CertificateFingerprint;
import dev.parley.relay.net.LeakDetection;
import dev.parley.relay.tls.RelayIdentity;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Collections;

/**
 * Reference point (1): what the relay's engine costs with nothing of Parley on top. Netty with native epoll and
 * BoringSSL where they load (NIO and the JDK's TLS otherwise), TLS 1.2/1.3 with the same kind of certificate as
 * the relay, and the pipeline {@code SslHandler → HttpServerCodec → HttpObjectAggregator →
 * WebSocketServerProtocolHandler("/") → BroadcastHandler}: no storage and no validation; every frame but
 * {@code hello} goes to every connection, encoded once, flushed once per event-loop turn ({@link Audience}).
 *
 * <p>Run as a child process: {@code BareNettyServer <dir> [--transport auto|epoll|nio] [--tls-engine
 * auto|openssl|jdk] [--event-loops N]} (default: one per core, Netty's round robin); prints the relay's first line,
 * then which transport and TLS engine it uses.
 */
public final class BareNettyServer {
    /** The largest frame it takes: a 16 MiB clip plus its header (the limit the Java-WebSocket reference had). */
    private static final int MAX_FRAME = 16 * 1024 * 1024 + 16 * 1024;
    private static final int MAX_UPGRADE_REQUEST = 8192;

    private BareNettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: BareNettyServer <dir> [--transport auto|epoll|nio] [--tls-engine auto|openssl|jdk]"
                    + " [--event-loops N]");
            System.exit(2);
        }
        LeakDetection.offUnlessAsked(); // as the relay runs: the reference is the engine configured for speed too
        String transport = option(args, "--transport");
        String tlsEngine = option(args, "--tls-engine");
        boolean epoll = choose("transport", transport, "epoll", "nio", Epoll.isAvailable(), Epoll.unavailabilityCause());
        boolean openSsl = choose("tls-engine", tlsEngine, "openssl", "jdk", OpenSsl.isAvailable(),
                OpenSsl.unavailabilityCause());

        RelayIdentity identity = RelayIdentity.loadOrGenerate(Path.of(args[0]));
        SslContext tls = SslContextBuilder.forServer(privateKey(identity), identity.certificate())
                .sslProvider(openSsl ? SslProvider.OPENSSL : SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();

        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        String loopsOption = option(args, "--event-loops");
        int loopCount = loopsOption == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(loopsOption);
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(loopCount,
                new DefaultThreadFactory("bare-loop"), io);
        Audience audience = new Audience(loops);
        BroadcastHandler broadcast = new BroadcastHandler(audience);
        WebSocketServerProtocolConfig websocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .decoderConfig(WebSocketDecoderConfig.newBuilder().maxFramePayloadLength(MAX_FRAME).build())
                .build();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Channel server = new ServerBootstrap()
                .group(loops)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                tls.newHandler(ch.alloc()),
                                new HttpServerCodec(),
                                new HttpObjectAggregator(MAX_UPGRADE_REQUEST),
                                new WebSocketServerProtocolHandler(websocket),
                                broadcast);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        String engine = "transport " + (epoll ? "epoll" : "nio") + ", TLS engine "
                + (openSsl ? "openssl (" + OpenSsl.versionString() + ")" : "jdk (JSSE)")
                + ", " + loopCount + " event loop" + (loopCount == 1 ? "" : "s");
        System.out.println("Bare Netty broadcast server listening on wss://127.0.0.1:" + port + " - certificate SHA-256 "
                + CertificateFingerprint.sha256(identity.certificate()) + " - " + engine);
        System.out.flush();
        server.closeFuture().sync();
    }

    /** {@code auto}: the native choice when it loads; naming it insists on it. */
    private static boolean choose(String name, String value, String nativeName, String javaName, boolean available,
                                  Throwable why) {
        String v = value == null ? "auto" : value;
        if (v.equals(nativeName) && !available) {
            throw new IllegalStateException("--" + name + " " + nativeName + " is not available here: " + why);
        }
        if (!v.equals("auto") && !v.equals(nativeName) && !v.equals(javaName)) {
            throw new IllegalArgumentException("--" + name + " must be auto, " + nativeName + " or " + javaName);
        }
        return v.equals(nativeName) || (v.equals("auto") && available);
    }

    private static String option(String[] args, String name) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static PrivateKey privateKey(RelayIdentity identity) throws Exception {
        KeyStore ks = identity.keyStore();
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                return (PrivateKey) ks.getKey(alias, identity.password());
            }
        }
        throw new IllegalStateException("the relay identity holds no private key");
    }
}
