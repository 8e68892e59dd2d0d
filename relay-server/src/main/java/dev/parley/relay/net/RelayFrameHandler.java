package dev.parley.relay.net;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.core.Relay;
import dev.parley.relay.core.Session;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one handler of ours: turns a connection's WebSocket frames and lifecycle into calls on {@link Relay} through a
 * {@link ChannelMember}. Everything for one connection runs on its event loop, in order. Also finds dead peers: after
 * two thirds of {@code deadPeerTimeout} (40 s by default) without a byte from the client it is pinged, after all of it
 * (60 s) it is closed: one ping per quiet connection every 40 s, so 5,000 idle clients cost 125 pings a second.
 */
final class RelayFrameHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayFrameHandler.class);
    /** Silence is checked every third of the dead-peer timeout: the second silence in a row pings, the third closes. */
    static final int SILENCES_BEFORE_CLOSE = 3;

    private final Relay relay;
    private final LoopWriter writer;
    private final long maxBufferedBytes;
    private final int maxTextBytes;
    private final AtomicInteger webSockets;
    private ChannelMember member;
    private Session session;
    private int silences;
    /**
     * Frames that came before the upgrade's 101 was written (a client that sends its hello with its request): the
     * frame encoder is not in place yet, so nothing may be written for them until the handshake is complete.
     */
    private Queue<WebSocketFrame> early;

    /** @param webSockets connections past their upgrade, all together: this one adds itself while it is one */
    RelayFrameHandler(Relay relay, LoopWriter writer, long maxBufferedBytes, int maxTextBytes, AtomicInteger webSockets) {
        this.relay = relay;
        this.webSockets = webSockets;
        this.writer = writer;
        this.maxBufferedBytes = maxBufferedBytes;
        this.maxTextBytes = maxTextBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            open(ctx);
        } else if (evt instanceof IdleStateEvent idle) {
            silences = idle.isFirst() ? 1 : silences + 1;
            if (member == null) {
                return;
            }
            if (silences >= SILENCES_BEFORE_CLOSE) {
                log.info("closed: {} sent nothing, not even an answer to a ping, for the dead-peer timeout",
                        member.remote());
                ctx.close();
            } else if (silences == SILENCES_BEFORE_CLOSE - 1) {
                ctx.writeAndFlush(new PingWebSocketFrame());
            }
        } else if (evt instanceof CloseConnection close) {
            closeWith(ctx, close.code(), close.reason());
        } else if (evt instanceof SslHandshakeCompletionEvent tls && !tls.isSuccess()) {
            log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), tls.cause().toString());
        }
        ReferenceCountUtil.release(evt);
    }

    /**
     * The upgrade is done (its 101 written): the connection becomes a relay session (it has the hello deadline from now
     * on), and the frames that came with the request are handled, in order.
     */
    private void open(ChannelHandlerContext ctx) {
        if (session != null) {
            return;
        }
        HandshakeDeadline.passed(ctx.pipeline());
        webSockets.incrementAndGet();
        member = new ChannelMember(ctx, writer, maxBufferedBytes, this::sessionEnded);
        session = relay.open(member);
        if (early != null) {
            WebSocketFrame frame;
            while ((frame = early.poll()) != null) {
                try {
                    onFrame(frame);
                } finally {
                    ReferenceCountUtil.release(frame);
                }
            }
            early = null;
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof WebSocketFrame frame)) {
                return; // what follows an upgrade request in the HTTP decoder (its empty last content)
            }
            if (session == null) {
                // it came in the same read as the upgrade request, before the 101 went out: held until then, and the
                // client is not read meanwhile so that what is held stays bounded
                if (early == null) {
                    early = new ArrayDeque<>();
                    ctx.channel().config().setAutoRead(false);
                }
                early.add(frame.retain());
                return;
            }
            onFrame(frame);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onFrame(WebSocketFrame msg) {
        if (msg instanceof TextWebSocketFrame text) {
            onText(text);
        } else if (msg instanceof BinaryWebSocketFrame binary) {
            ByteBuffer bytes = binary.content().nioBuffer();
            relay.onBinary(session, bytes);
        } else if (msg instanceof CloseWebSocketFrame close) {
            member.closeReceived(close);
        }
    }

    /** Text must be valid UTF-8 (RFC 6455 §8.1, close 1007); the relay's size limit is checked first on bytes. */
    private void onText(TextWebSocketFrame frame) {
        if (frame.content().readableBytes() > maxTextBytes) {
            relay.onText(session, frame.text()); // the relay logic refuses it with 1009 and says why
            return;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(frame.content().nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            log.info("refused: {} sent a text frame that is not UTF-8; closed with {}", member.remote(),
                    CloseCodes.INVALID_DATA);
            writer.events().refused(RelayEvents.Refusal.INVALID_UTF8);
            member.closeNow(CloseCodes.INVALID_DATA, "text frame is not valid UTF-8");
            return;
        }
        relay.onText(session, text);
    }

    /** The member's session is over (close frame sent or received, or the connection gone): the room learns now. */
    private void sessionEnded(int code, String reason) {
        relay.onClose(session, code, reason);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (member != null && ctx.channel().isWritable()) {
            writer.report(member.drain());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (member != null) {
            member.closed();
            webSockets.decrementAndGet();
        }
        releaseEarly();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    private void releaseEarly() {
        if (early != null) {
            WebSocketFrame frame;
            while ((frame = early.poll()) != null) {
                ReferenceCountUtil.release(frame);
            }
            early = null;
        }
    }

    /**
     * Closes the connection with {@code code} when the edge asks with a {@link CloseConnection}: an RFC 6455 violation
     * found before this handler (see {@link UpgradeGate}), or the relay shutting down.
     */
    private void closeWith(ChannelHandlerContext ctx, int code, String reason) {
        if (member != null) {
            member.closeNow(code, reason);
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException tooLong && member != null) {
            log.info("refused: {} sent a message over the frame limit ({}); closed with {}", member.remote(),
                    tooLong.getMessage(), CloseCodes.TOO_BIG);
            writer.events().refused(RelayEvents.Refusal.TOO_BIG);
            member.closeNow(CloseCodes.TOO_BIG, "message too big");
        } else if (cause instanceof IOException || cause.getCause() instanceof IOException) {
            log.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else if (member == null) {
            log.debug("connection from {} failed before its upgrade: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            log.error("internal error while handling {}", member.remote(), cause);
            member.closeNow(CloseCodes.SERVER_ERROR, "internal error; reconnect to resume");
        }
    }
}
