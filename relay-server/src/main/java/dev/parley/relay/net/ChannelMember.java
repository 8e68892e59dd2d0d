package dev.parley.relay.net;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.core.Member;
import dev.parley.relay.core.SharedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A {@link Member} on one Netty channel. Frames from any thread wait in an inbox; the channel's event loop (through
 * its {@link LoopWriter}) moves them into the channel while it is writable and flushes once per batch, so frames that
 * arrive together leave in as few TLS records and system calls as the moment allows. The unsent backlog is exact: the inbox plus what Netty still holds
 * (its outbound buffer and the TLS handler's pending data). Past {@code maxBufferedBytes} the member is a slow
 * consumer: the inbox is discarded and the 1013 close frame goes out behind at most a write-buffer's worth.
 */
final class ChannelMember implements Member {
    private static final Logger log = LoggerFactory.getLogger(ChannelMember.class);
    /** How long the relay waits for the client's answer to its close frame before it drops the TCP connection. */
    static final long CLOSE_WAIT_MILLIS = 2000;
    /** RFC 6455 §5.5: a close frame's reason is at most 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;

    private final ChannelHandlerContext ctx;
    private final LoopWriter writer;
    private final BiConsumer<Integer, String> ended;
    private final Channel channel;
    private final long maxBufferedBytes;
    private final String remote;
    private final String address;
    private final Queue<SharedFrame> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong inboxBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean closing;
    // event loop only
    private boolean closeSent;
    private boolean endReported;

    /**
     * @param ended told once, on the event loop, when the session is over: as soon as a close frame is sent or
     *              received (the socket may still linger to deliver it), or when the connection ends without one
     */
    ChannelMember(ChannelHandlerContext ctx, LoopWriter writer, long maxBufferedBytes, BiConsumer<Integer, String> ended) {
        this.ctx = ctx;
        this.writer = writer;
        this.ended = ended;
        this.channel = ctx.channel();
        this.maxBufferedBytes = maxBufferedBytes;
        this.remote = String.valueOf(channel.remoteAddress());
        this.address = channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : remote;
    }

    @Override
    public void sendText(String json) {
        send(SharedFrame.text(json));
    }

    @Override
    public void send(SharedFrame frame) {
        if (closing) {
            return;
        }
        inboxBytes.addAndGet(frame.payloadBytes());
        inbox.add(frame);
        if (drainScheduled.compareAndSet(false, true)) {
            writer.mark(this);
        }
    }

    /**
     * Moves waiting frames into the channel while it is writable, then flushes once. Event loop only.
     *
     * @return what it wrote, as {@link LoopWriter#written}
     */
    long drain() {
        drainScheduled.set(false);
        if (closing) {
            discardInbox();
            return 0;
        }
        int wrote = 0;
        long wroteBytes = 0;
        SharedFrame frame;
        while (channel.isWritable() && (frame = inbox.poll()) != null) {
            int bytes = frame.payloadBytes();
            inboxBytes.addAndGet(-bytes);
            wroteBytes += bytes;
            // a view of the payload every receiver shares; Netty's encoder adds this receiver's frame header
            ByteBuf payload = Unpooled.wrappedBuffer(frame.payload());
            ctx.write(frame.isText() ? new TextWebSocketFrame(payload) : new BinaryWebSocketFrame(payload),
                    ctx.voidPromise());
            wrote++;
        }
        if (wrote > 0) {
            ctx.flush();
        }
        if (!inbox.isEmpty()) {
            long unsent = bufferedBytes();
            if (unsent > maxBufferedBytes) {
                log.info("dropped: {} is a slow consumer ({} bytes unsent, bound {})", remote, unsent, maxBufferedBytes);
                writer.events().slowConsumerDropped();
                closeNow(CloseCodes.SLOW_CONSUMER, "too far behind; reconnect to resume");
            }
        }
        return LoopWriter.written(wrote, wroteBytes);
    }

    @Override
    public void close(int code, String reason) {
        closing = true;
        if (ctx.executor().inEventLoop()) {
            closeNow(code, reason);
        } else {
            ctx.executor().execute(() -> closeNow(code, reason));
        }
    }

    /**
     * Sends the close frame (behind what Netty already holds, ahead of the discarded inbox) and drops the connection
     * when the client answers it, or after {@link #CLOSE_WAIT_MILLIS}. Event loop only.
     */
    void closeNow(int code, String reason) {
        closing = true;
        discardInbox();
        if (closeSent || !channel.isActive()) {
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)));
        // the room learns at once, even if a client that stopped reading never takes the close frame
        reportEnd(code, reason);
        closeAfterWait();
    }

    /** Drops the connection after {@link #CLOSE_WAIT_MILLIS}, however far the close handshake has got. */
    private void closeAfterWait() {
        ctx.executor().schedule(() -> {
            channel.close();
        }, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * The client sent a close frame: answer it with the same code (RFC 6455 §5.5.1) and drop the connection once the
     * answer is out, or after {@link #CLOSE_WAIT_MILLIS} if it is stuck behind a backlog the client does not read.
     */
    void closeReceived(CloseWebSocketFrame frame) {
        closing = true;
        discardInbox();
        if (closeSent) {
            channel.close();
            return;
        }
        closeSent = true;
        int code = frame.statusCode();
        CloseWebSocketFrame answer = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, "");
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        reportEnd(code < 0 ? CloseCodes.NO_STATUS : code, frame.reasonText() == null ? "" : frame.reasonText());
        closeAfterWait();
    }

    /** Tells the room once, with the first close code of the connection (sent, received, or none: 1006). */
    private void reportEnd(int code, String reason) {
        if (!endReported) {
            endReported = true;
            ended.accept(code, reason);
        }
    }

    /** The connection ended. Event loop only. */
    void closed() {
        closing = true;
        discardInbox();
        reportEnd(CloseCodes.ABNORMAL, "");
    }

    private void discardInbox() {
        SharedFrame f;
        while ((f = inbox.poll()) != null) {
            inboxBytes.addAndGet(-f.payloadBytes());
        }
    }

    /** Payload bytes waiting in the inbox plus the bytes Netty holds for this channel (outbound buffer, TLS pending). */
    @Override
    public long bufferedBytes() {
        return inboxBytes.get() + heldByNetty();
    }

    /**
     * Netty's pending bytes for the channel, from its public writability figures: above the high water mark once
     * unwritable, below it by {@code bytesBeforeUnwritable} while writable.
     */
    private long heldByNetty() {
        if (channel.isWritable()) {
            long high = channel.config().getWriteBufferHighWaterMark();
            return Math.max(0, high + 1 - channel.bytesBeforeUnwritable());
        }
        return channel.config().getWriteBufferLowWaterMark() - 1 + channel.bytesBeforeWritable();
    }

    @Override
    public boolean isOpen() {
        return !closing && channel.isActive();
    }

    @Override
    public String remote() {
        return remote;
    }

    @Override
    public String address() {
        return address;
    }

    private static String truncate(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = reason.length();
        while (reason.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
            end = Character.isLowSurrogate(reason.charAt(end - 1)) ? end - 2 : end - 1;
        }
        return reason.substring(0, end) + "…";
    }
}
