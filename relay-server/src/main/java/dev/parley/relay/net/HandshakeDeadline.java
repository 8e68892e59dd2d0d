package dev.parley.relay.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has not finished both its TLS handshake and its WebSocket upgrade within the deadline,
 * counted from the TCP accept: a socket that never sends a ClientHello, or sends its request a byte at a time, costs
 * a timer and nothing else. Removed by {@link #passed} once the upgrade is done.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter {
    static final String NAME = "handshake-deadline";
    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final long millis;
    private ScheduledFuture<?> timer;

    HandshakeDeadline(long millis) {
        this.millis = millis;
    }

    /** The upgrade is done: the deadline no longer applies. */
    static void passed(ChannelPipeline pipeline) {
        if (pipeline.get(NAME) != null) {
            pipeline.remove(NAME);
        }
    }

    /**
     * A file of the web client was served on this connection: it gets the whole deadline again to ask for the next
     * one or to upgrade, so a browser can keep it alive between requests but no connection idles for longer.
     */
    static void restart(ChannelPipeline pipeline) {
        ChannelHandlerContext ctx = pipeline.context(NAME);
        if (ctx != null) {
            HandshakeDeadline deadline = (HandshakeDeadline) ctx.handler();
            deadline.timer.cancel(false);
            deadline.start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        timer = ctx.executor().schedule(() -> {
            log.debug("closed: {} did not finish its TLS handshake and WebSocket upgrade within {} ms",
                    ctx.channel().remoteAddress(), millis);
            ctx.channel().close();
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
