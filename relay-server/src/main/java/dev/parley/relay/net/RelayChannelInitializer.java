package dev.parley.relay.net;

import dev.parley.protocol.Protocol;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.web.WebFiles;
import dev.parley.relay.core.Relay;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each connection's pipeline: TLS (handshake deadline), idle detection, HTTP with bounded request line and headers,
 * the upgrade gate (which also answers plain requests with the web client's files when it is on), Netty's WebSocket protocol handler on {@code /} (masked client frames, frame size limit, pings
 * answered), reassembly of fragmented messages, and the relay's own handler.
 */
final class RelayChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Longest request line, and longest request headers, the relay reads before it answers 414 / 431. */
    static final int MAX_REQUEST_LINE = 4096;
    static final int MAX_HEADERS = 8192;

    private final SslContext tls;
    private final Relay relay;
    private final RelayConfig config;
    private final ChannelGroup channels;
    private final PackingChooser packing;
    private final Map<EventExecutor, LoopWriter> writers = new ConcurrentHashMap<>();
    private final WebFiles web;
    private final RelayEvents events;
    private final PageOrigins pages;
    private final AtomicInteger webSockets = new AtomicInteger();

    /**
     * @param packing counts each connection on its event loop, for choosing the next connection's loop
     * @param web     the web client's files, or {@code null} when plain requests are refused
     * @param events  hears of refusals, slow consumers and what is written to clients
     */
    RelayChannelInitializer(SslContext tls, Relay relay, RelayConfig config, ChannelGroup channels,
                            PackingChooser packing, WebFiles web, RelayEvents events) {
        this.packing = packing;
        this.events = events;
        this.tls = tls;
        this.relay = relay;
        this.config = config;
        this.channels = channels;
        this.web = web;
        this.pages = new PageOrigins(relay.directory());
    }

    /** Connections past their WebSocket upgrade, open now. */
    int webSockets() {
        return webSockets.get();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        packing.opened(ch);
        long handshakeMillis = config.handshakeTimeout().toMillis();
        int maxFrame = (int) config.limits().maxBinaryFrameBytes();
        SslHandler ssl = tls.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(handshakeMillis);
        WebSocketServerProtocolConfig websocket = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/")
                .checkStartsWith(true) // the gate has checked the path; this lets "/?query" through
                .handshakeTimeoutMillis(handshakeMillis)
                .handleCloseFrames(false) // RelayFrameHandler answers them, knowing the code
                .sendCloseFrame(null)
                .dropPongFrames(true)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(maxFrame)
                        .expectMaskedFrames(true)
                        .allowMaskMismatch(false)
                        .allowExtensions(false)
                        .closeOnProtocolViolation(false) // UpgradeGate closes with the RFC's code, gracefully
                        .withUTF8Validator(false) // RelayFrameHandler checks whole messages (1007)
                        .build())
                .build();
        ChannelPipeline p = ch.pipeline();
        p.addLast("tls", ssl);
        p.addLast(HandshakeDeadline.NAME, new HandshakeDeadline(handshakeMillis));
        long silenceCheck = config.deadPeerTimeout().toMillis() / RelayFrameHandler.SILENCES_BEFORE_CLOSE;
        p.addLast("idle", new IdleStateHandler(silenceCheck, 0, 0, TimeUnit.MILLISECONDS));
        // a decoder and an encoder, not HttpServerCodec: the upgrade then replaces the decoder in place, so frames that
        // arrive in the same read as the request (a client that sends its hello at once) reach the frame decoder
        p.addLast("http-decoder", new HttpRequestDecoder(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS).setMaxChunkSize(8192)));
        p.addLast("http-encoder", new HttpResponseEncoder());
        p.addLast("gate", new UpgradeGate(web, events, pages));
        p.addLast("websocket", new WebSocketServerProtocolHandler(websocket));
        p.addLast("reassembly", new WebSocketFrameAggregator(maxFrame));
        LoopWriter writer = writers.computeIfAbsent(ch.eventLoop(), loop -> new LoopWriter(loop, events));
        p.addLast("relay", new RelayFrameHandler(relay, writer, config.maxBufferedBytes(), Protocol.MAX_TEXT_FRAME_BYTES,
                webSockets));
    }
}
