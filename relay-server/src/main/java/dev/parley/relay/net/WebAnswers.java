package dev.parley.relay.net;

import dev.parley.relay.web.StaticFile;
import dev.parley.relay.web.WebFiles;
import io.netty.buffer.Unpooled;
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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The answers to plain HTTPS requests when the relay serves the web client: its files with their type, entity tag
 * and gzip form, 304 when the browser's copy is current, a short error for anything else; every answer with the
 * page's security headers. Decides, does not write: {@link UpgradeGate} sends what it returns.
 */
final class WebAnswers {
    /**
     * Only the page's own scripts, styles, media and WebSocket; no plugins, frames, forms or base URL. Blob and data
     * URLs for the clips it plays and saves and the waveforms it draws. The files' answers add the WebSockets of the
     * cluster's other relays ({@link PageOrigins}).
     */
    static final String CONTENT_SECURITY_POLICY = PageOrigins.ownPolicy();
    static final String PERMISSIONS_POLICY = "microphone=(self), camera=(), geolocation=(), payment=(), usb=()";

    /** A decided answer: the response, and whether the connection may serve another request after it. */
    record Answer(FullHttpResponse response, boolean keepAlive) {
    }

    private WebAnswers() {
    }

    /** Whether a request asks for a WebSocket (and so is the gate's to check), not for a page. */
    static boolean wantsWebSocket(HttpRequest request) {
        return request.headers().contains(HttpHeaderNames.UPGRADE);
    }

    /**
     * The answer to a request that is not an upgrade. Errors close the connection; files keep it open when the
     * request allows. {@code policy} is the files' Content-Security-Policy.
     */
    static Answer answer(HttpRequest request, WebFiles files, String policy) {
        HttpHeaders headers = request.headers();
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (request.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
                && headers.getAll(HttpHeaderNames.HOST).size() != 1) {
            return error(HttpResponseStatus.BAD_REQUEST, "not exactly one Host header", head);
        }
        if (!head && !request.method().equals(HttpMethod.GET)) {
            Answer refused = error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed", false);
            refused.response().headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return refused;
        }
        if (HttpUtil.getContentLength(request, 0L) > 0 || HttpUtil.isTransferEncodingChunked(request)) {
            return error(HttpResponseStatus.BAD_REQUEST, "a request with a body", head);
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        int fragment = path.indexOf('#');
        path = fragment < 0 ? path : path.substring(0, fragment);
        Optional<StaticFile> found = path.startsWith("/") ? files.find(path) : Optional.empty();
        if (found.isEmpty()) {
            return error(HttpResponseStatus.NOT_FOUND, "not found", head);
        }
        return new Answer(file(found.get(), headers, head, policy), HttpUtil.isKeepAlive(request));
    }

    private static FullHttpResponse file(StaticFile file, HttpHeaders request, boolean head, String policy) {
        boolean gzip = file.gzipped() != null && acceptsGzip(request.getAll(HttpHeaderNames.ACCEPT_ENCODING));
        byte[] body = gzip ? file.gzipped() : file.bytes();
        String etag = gzip ? file.gzipEtag() : file.etag();
        boolean current = matches(String.join(",", request.getAll(HttpHeaderNames.IF_NONE_MATCH)), etag);
        HttpResponseStatus status = current ? HttpResponseStatus.NOT_MODIFIED : HttpResponseStatus.OK;
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head || current ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        secure(headers, policy);
        headers.set(HttpHeaderNames.ETAG, etag);
        headers.set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        if (file.gzipped() != null) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (!current) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
            if (gzip) {
                headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
            }
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        return response;
    }

    /** A short plain-text error (its head only, for HEAD) with the page's headers; the gate closes after it. */
    static Answer error(HttpResponseStatus status, String text, boolean head) {
        FullHttpResponse response = closing(status, status.code() + " " + text + "\n", head);
        secure(response.headers());
        return new Answer(response, false);
    }

    /** A plain-text answer after which the connection closes; for HEAD only its head (RFC 9110 §9.3.2). */
    static FullHttpResponse closing(HttpResponseStatus status, String text, boolean head) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** The headers every web answer carries. No HSTS: a LAN relay's certificate is self-signed, and HSTS would take
     * away the browser's "proceed anyway" for good. */
    static void secure(HttpHeaders headers) {
        secure(headers, CONTENT_SECURITY_POLICY);
    }

    /** As above, with this Content-Security-Policy. */
    static void secure(HttpHeaders headers, String policy) {
        headers.set("Content-Security-Policy", policy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Permissions-Policy", PERMISSIONS_POLICY);
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Resource-Policy", "same-origin");
        headers.set("X-Frame-Options", "DENY");
    }

    /** {@code gzip} listed in Accept-Encoding (all its lines) with a q-value above 0 (RFC 9110 §12.5.3). */
    static boolean acceptsGzip(List<String> acceptEncoding) {
        for (String line : acceptEncoding) {
            for (String part : line.split(",")) {
                String[] params = part.trim().split(";");
                if (params[0].trim().equalsIgnoreCase("gzip")) {
                    for (int i = 1; i < params.length; i++) {
                        String p = params[i].trim().toLowerCase(Locale.ROOT);
                        if (p.startsWith("q=") && !p.substring(2).trim().matches("(0\\.0*[1-9]\\d*|1(\\.0*)?|0?\\.\\d*[1-9]\\d*)")) {
                            return false; // q=0, or a value that is not a weight
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }

    /** If-None-Match holds {@code *} or this tag (weak comparison, RFC 9110 §13.1.2). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isEmpty()) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
