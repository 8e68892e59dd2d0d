package dev.parley.bench.bare;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;

import java.nio.charset.StandardCharsets;

/**
 * The bare server's only handler of its own: a {@code hello} text frame gets {@code {"type":"welcome"}} back,
 * every other text or binary frame goes to every member of the {@link Audience}, encoded once. No parsing, no
 * validation, no storage. A member whose {@code hello} contains {@code "echo":false} (the live scenario's speaker) gets
 * nothing it sent back, as the relay sends a live stream to everyone but its speaker. One instance is shared by every
 * connection.
 */
@ChannelHandler.Sharable
final class BroadcastHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("{\"type\":\"hello\"".getBytes(StandardCharsets.US_ASCII)));
    private static final String WELCOME = "{\"type\":\"welcome\"}";
    private static final String NO_ECHO = "\"echo\":false";
    private static final AttributeKey<Boolean> QUIET = AttributeKey.valueOf("parley.bare.noEcho");

    private final Audience audience;

    BroadcastHandler(Audience audience) {
        this.audience = audience;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            audience.join(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        audience.leave(ctx);
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        ByteBuf payload = frame.content();
        if (frame instanceof TextWebSocketFrame) {
            if (startsWithHello(payload)) {
                if (payload.toString(StandardCharsets.UTF_8).contains(NO_ECHO)) {
                    ctx.channel().attr(QUIET).set(Boolean.TRUE);
                }
                ctx.writeAndFlush(new TextWebSocketFrame(WELCOME), ctx.voidPromise());
            } else {
                audience.broadcast(WireFrame.encode(ctx.alloc(), WireFrame.TEXT, payload), ctx.executor(), except(ctx));
            }
        } else if (frame instanceof BinaryWebSocketFrame) {
            audience.broadcast(WireFrame.encode(ctx.alloc(), WireFrame.BINARY, payload), ctx.executor(), except(ctx));
        }
        // continuation frames: the generator sends none (a bare server need not reassemble them)
    }

    /** The sender, if it asked for no echo; else null (everyone gets the frame). */
    private static ChannelHandlerContext except(ChannelHandlerContext ctx) {
        return ctx.channel().hasAttr(QUIET) ? ctx : null;
    }

    private static boolean startsWithHello(ByteBuf payload) {
        int n = HELLO.readableBytes();
        return payload.readableBytes() >= n && ByteBufUtil.equals(payload, payload.readerIndex(), HELLO, 0, n);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("bare Netty server: " + ctx.channel().remoteAddress() + " closed: " + cause);
        ctx.close();
    }
}
