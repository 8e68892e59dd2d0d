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

import java.nio.charset.StandardCharsets;

/**
 * The bare server's only handler of its own: a {@code hello} text frame gets {@code {"type":"welcome"}} back,
 * every other text or binary frame goes to every member of the {@link Audience}, encoded once. No parsing, no
 * validation, no storage. One instance is shared by every connection.
 */
@ChannelHandler.Sharable
final class BroadcastHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.wrappedBuffer("{\"type\":\"hello\"".getBytes(StandardCharsets.US_ASCII)));
    private static final String WELCOME = "{\"type\":\"welcome\"}";

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
                ctx.writeAndFlush(new TextWebSocketFrame(WELCOME), ctx.voidPromise());
            } else {
                audience.broadcast(WireFrame.encode(ctx.alloc(), WireFrame.TEXT, payload), ctx.executor());
            }
        } else if (frame instanceof BinaryWebSocketFrame) {
            audience.broadcast(WireFrame.encode(ctx.alloc(), WireFrame.BINARY, payload), ctx.executor());
        }
        // continuation frames: the generator sends none (a bare server need not reassemble them)
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
