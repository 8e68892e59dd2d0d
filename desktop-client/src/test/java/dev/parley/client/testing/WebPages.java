package dev.parley.client.testing;

import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TrustedTls;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;

/** Asks a relay on 127.0.0.1 for a page over TLS, trusting exactly its certificate, as a browser would. */
public final class WebPages {
    private WebPages() {
    }

    /** The status line and headers of the answer to {@code GET path}. */
    public static String get(int port, X509Certificate relayCertificate, String path) throws Exception {
        try (RawWebSocketClient c = RawWebSocketClient.tlsOnly(port, TrustedTls.trusting(relayCertificate), 0)) {
            c.setReadTimeout(10_000);
            c.sendRaw(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return c.readHttpHead();
        }
    }
}
