package dev.parley.relay.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Answers one connection's requests to the metrics listener, in order, one at a time: {@code GET} or {@code HEAD} of
 * {@code /metrics} and {@code /health}; 404 for another path, 405 for another method, 400 for anything malformed or
 * over the limits (request line, headers, a body, not HTTP/1.x, no Host on HTTP/1.1), after which it closes. A
 * connection has {@code requestMillis} for each whole request; one that sends requests without reading the answers
 * is closed after {@link #MAX_WAITING}.
 */
final class MetricsRequests extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(MetricsRequests.class);
    /** Requests received and not answered yet, at most. */
    static final int MAX_WAITING = 4;
    /** How long a refused connection is still read (and discarded) before it is closed, so the answer is not lost. */
    static final long LINGER_MILLIS = 500;

    private final MetricsHttpServer.Pages pages;
    private final long requestMillis;
    private final Queue<HttpRequest> waiting = new ArrayDeque<>();
    private ScheduledFuture<?> deadline;
    private boolean answering;
    private boolean closing;

    MetricsRequests(MetricsHttpServer.Pages pages, long requestMillis) {
        this.pages = pages;
        this.requestMillis = requestMillis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        startDeadline(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelDeadline();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing || !(msg instanceof HttpRequest request)) {
                return; // a refused connection's rest, or a request's (empty) content: a body is refused by its headers
            }
            if (waiting.size() >= MAX_WAITING) {
                log.debug("metrics: {} sent requests without reading the answers; closed", ctx.channel().remoteAddress());
                closing = true;
                ctx.close();
                return;
            }
            cancelDeadline();
            waiting.add(request);
            ctx.channel().config().setAutoRead(false);
            next(ctx);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Answers the oldest waiting request, unless one is being answered. */
    private void next(ChannelHandlerContext ctx) {
        if (answering || closing) {
            return;
        }
        HttpRequest request = waiting.poll();
        if (request == null) {
            ctx.channel().config().setAutoRead(true);
            startDeadline(ctx);
            return;
        }
        answering = true;
        answer(request).whenComplete((response, failure) -> ctx.executor().execute(() -> {
            FullHttpResponse r = failure == null ? response
                    : text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error\n", false);
            if (failure != null) {
                log.error("metrics: answering {} failed", printable(request.uri()), failure);
            }
            send(ctx, request, r);
        }));
    }

    private void send(ChannelHandlerContext ctx, HttpRequest request, FullHttpResponse response) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        boolean keepAlive = response.status().code() < 400 && HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            closing = true;
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.channel().config().setAutoRead(true); // read and discard the rest until the socket closes
            ctx.writeAndFlush(response).addListener(written ->
                    ctx.executor().schedule(() -> ctx.channel().close(), LINGER_MILLIS, TimeUnit.MILLISECONDS));
            return;
        }
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            answering = false;
            if (written.isSuccess()) {
                next(ctx);
            } else {
                ctx.close();
            }
        });
    }

    /** The answer to one request (only {@code /health} completes later). */
    private CompletionStage<FullHttpResponse> answer(HttpRequest request) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        String problem = malformed(request);
        if (problem != null) {
            log.info("metrics: refused a request from a client: {} (400)", problem);
            return done(text(HttpResponseStatus.BAD_REQUEST, "400 " + problem + "\n", head));
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        boolean known = path.equals("/metrics") || path.equals("/health");
        if (!known) {
            return done(text(HttpResponseStatus.NOT_FOUND, "404 not found: /metrics and /health are served here\n", head));
        }
        if (!head && !HttpMethod.GET.equals(request.method())) {
            FullHttpResponse refused = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 method not allowed\n", false);
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return done(refused);
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            return done(text(HttpResponseStatus.BAD_REQUEST, "400 a request with a body\n", head));
        }
        if (path.equals("/metrics")) {
            return done(response(HttpResponseStatus.OK, pages.metricsContentType(), pages.metrics(), head));
        }
        return pages.health().thenApply(h -> response(h.ready() ? HttpResponseStatus.OK
                : HttpResponseStatus.SERVICE_UNAVAILABLE, "application/json", h.json(), head));
    }

    /** What is wrong with a request before its path and method are looked at, or {@code null}. */
    private static String malformed(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            return cause instanceof TooLongFrameException ? "request line or headers over the limit"
                    : "not an HTTP request";
        }
        HttpVersion version = request.protocolVersion();
        if (version.majorVersion() != 1 || !version.protocolName().equals("HTTP")) {
            return "not HTTP/1.x";
        }
        if (version.minorVersion() >= 1 && request.headers().getAll(HttpHeaderNames.HOST).size() != 1) {
            return "not exactly one Host header";
        }
        return null;
    }

    private static CompletionStage<FullHttpResponse> done(FullHttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, boolean head) {
        return response(status, "text/plain; charset=utf-8", body, head);
    }

    private static FullHttpResponse response(HttpResponseStatus status, String contentType, String body, boolean head) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        return response;
    }

    private void startDeadline(ChannelHandlerContext ctx) {
        cancelDeadline();
        deadline = ctx.executor().schedule(() -> {
            log.debug("metrics: {} sent no whole request within {} ms; closed", ctx.channel().remoteAddress(),
                    requestMillis);
            closing = true;
            ctx.close();
        }, requestMillis, TimeUnit.MILLISECONDS);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("metrics: connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }

    private static String printable(String s) {
        return UpgradeGate.printable(s);
    }
}
