package dev.parley.relay.net;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.web.WebFiles;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Lets through only a valid WebSocket upgrade to {@code /} (RFC 6455 §4.2.1) and answers anything else with the HTTP
 * status it deserves, then closes: 400 malformed (or no key, or not one Host header), 505 older than HTTP/1.1, 414 request line over the limit, 431 headers over the
 * limit, 405 not GET, 404 another path, 426 not an upgrade or another WebSocket version. After the upgrade it stays in
 * place, between the frame decoder and the protocol handler, to turn RFC 6455 violations the decoder reports (an
 * unmasked frame, a frame over the limit) into a close frame with the RFC's code instead of a dropped socket.
 */
final class UpgradeGate extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UpgradeGate.class);

    /** How long a refused connection is still read (and what it sends discarded) before it is closed. */
    static final long LINGER_MILLIS = 500;
    /**
     * Pages asked for on one connection whose answers are not written yet: more means a client that sends requests
     * without reading the answers (browsers do not pipeline), which is closed before it fills the relay's memory.
     */
    static final int MAX_UNANSWERED = 8;

    private final WebFiles web;
    private final RelayEvents events;
    private final PageOrigins pages;
    private boolean refused;
    /** The rest of a served web request (its empty last content) is still to come and is not the protocol's. */
    private boolean finishingWebRequest;
    private int unanswered;

    /**
     * @param web    the web client's files, or {@code null} when the relay serves only WebSockets
     * @param events hears of every refused upgrade and protocol violation
     * @param pages  the pages that may open a WebSocket here, and where this relay's pages may connect
     */
    UpgradeGate(WebFiles web, RelayEvents events, PageOrigins pages) {
        this.web = web;
        this.events = events;
        this.pages = pages;
    }

    private record Refusal(HttpResponseStatus status, String why) {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // whatever else a refused client sends, until the socket closes
            return;
        }
        if (finishingWebRequest) {
            finishingWebRequest = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            if (web != null && request.decoderResult().isSuccess() && !WebAnswers.wantsWebSocket(request)) {
                ReferenceCountUtil.release(msg);
                serve(ctx, request);
                return;
            }
            Refusal refusal = check(request, pages);
            if (refusal != null) {
                ReferenceCountUtil.release(msg);
                refuse(ctx, request, refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException broken) {
            int code = broken.closeStatus().code();
            log.info("refused: {} broke the WebSocket protocol ({}); closed with {}", ctx.channel().remoteAddress(),
                    broken.getMessage(), code);
            events.refused(RelayEvents.Refusal.ofClose(code));
            ctx.fireUserEventTriggered(new CloseConnection(code, broken.getMessage()));
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    private static Refusal check(HttpRequest request, PageOrigins pages) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers over the limit");
            }
            if (cause instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line over the limit");
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "not an HTTP request");
        }
        HttpHeaders headers = request.headers();
        if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0) {
            return new Refusal(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, request.protocolVersion()
                    + "; a WebSocket upgrade is HTTP/1.1");
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() != 1) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "not exactly one Host header");
        }
        if (!request.method().equals(HttpMethod.GET)) {
            return new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + request.method());
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        if (!(query < 0 ? uri : uri.substring(0, query)).equals("/")) {
            return new Refusal(HttpResponseStatus.NOT_FOUND, "path " + abbreviate(uri));
        }
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED, "not a WebSocket upgrade");
        }
        if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "no Connection: Upgrade");
        }
        if (!"13".equals(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))) {
            return new Refusal(HttpResponseStatus.UPGRADE_REQUIRED,
                    "WebSocket version " + abbreviate(String.valueOf(headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION))));
        }
        if (!isKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "no valid Sec-WebSocket-Key");
        }
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (!pages.allows(origin, headers.get(HttpHeaderNames.HOST))) {
            // a browser on another site's page (not this relay's, nor its cluster's): see PageOrigins
            return new Refusal(HttpResponseStatus.FORBIDDEN, "a page from another origin, " + abbreviate(origin));
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "an upgrade request with a body");
        }
        return null;
    }

    /** RFC 6455 §4.1: the key is 16 random bytes in base64. */
    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.strip()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Answers a plain request with a file of the web client, or with a short error after which it closes. One request
     * at a time: the connection is not read while an answer is being written, and one that has queued
     * {@link #MAX_UNANSWERED} requests anyway (all in one write) is closed.
     */
    private void serve(ChannelHandlerContext ctx, HttpRequest request) {
        if (unanswered >= MAX_UNANSWERED) {
            refused = true;
            log.info("refused: {} asked for more than {} pages without reading the answers; closed",
                    ctx.channel().remoteAddress(), MAX_UNANSWERED);
            ctx.close();
            return;
        }
        WebAnswers.Answer answer = WebAnswers.answer(request, web, pages.contentSecurityPolicy());
        HttpResponseStatus status = answer.response().status();
        if (!answer.keepAlive()) {
            refused = true;
            answer.response().headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (status.code() >= 400) {
                log.info("refused: {} asked for {} {}: {}", ctx.channel().remoteAddress(), request.method(),
                        printable(request.uri()), status.code());
            }
            ctx.writeAndFlush(answer.response()).addListener(written -> lingerThenClose(ctx));
            return;
        }
        finishingWebRequest = !(request instanceof LastHttpContent);
        HandshakeDeadline.restart(ctx.pipeline());
        unanswered++;
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(answer.response()).addListener(written -> {
            unanswered--;
            if (unanswered == 0 && !refused && ctx.channel().isActive()) {
                ctx.channel().config().setAutoRead(true);
            }
        });
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, Refusal refusal) {
        refused = true;
        events.refused(RelayEvents.Refusal.BAD_UPGRADE);
        log.info("refused: {} sent an HTTP request the relay does not serve ({}): {}", ctx.channel().remoteAddress(),
                refusal.why(), refusal.status().code());
        String text = web != null ? refusal.status().code() + " " + refusal.why() + "\n" // the page's short error
                : "This is a Parley relay. Connect to it with the Parley app, or a WebSocket client, at wss://"
                + "HOST:PORT/ (" + refusal.why() + ").\n";
        FullHttpResponse response = WebAnswers.closing(refusal.status(), text,
                HttpMethod.HEAD.equals(request.method()));
        HttpHeaders headers = response.headers();
        if (web != null) {
            WebAnswers.secure(headers);
        }
        if (refusal.status().equals(HttpResponseStatus.UPGRADE_REQUIRED)) {
            headers.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            headers.set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13");
        } else if (refusal.status().equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            headers.set(HttpHeaderNames.ALLOW, web != null ? "GET, HEAD" : HttpMethod.GET.name());
        }
        ctx.writeAndFlush(response).addListener(written -> lingerThenClose(ctx));
    }

    /**
     * Ends TLS (close_notify) and keeps reading, discarding, for a moment before closing the socket: closing with the
     * rest of an oversized request unread would reset the connection, and the client could lose the answer.
     */
    private static void lingerThenClose(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls != null) {
            tls.closeOutbound();
        }
        ctx.executor().schedule(() -> {
            ctx.channel().close();
        }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static String abbreviate(String s) {
        return printable(s.length() <= 40 ? s : s.substring(0, 40) + "…");
    }

    /** What a client sent, safe for a log line and a terminal: controls and bytes beyond ASCII escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 200) + 8);
        for (int i = 0; i < s.length() && out.length() < 200; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (c == '…') {
                out.append(c);
            } else {
                out.append(c <= 0xff ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            }
        }
        return out.length() < 200 ? out.toString() : out + "…";
    }
}
