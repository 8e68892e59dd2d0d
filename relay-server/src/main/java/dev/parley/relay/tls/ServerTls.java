package dev.parley.relay.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The relay's TLS settings, one place for both engines: TLS 1.3 and 1.2 only, AEAD cipher suites only (AES-GCM and
 * ChaCha20-Poly1305 with forward secrecy), no client certificates. Client-initiated renegotiation is refused: BoringSSL
 * servers never renegotiate, and the JDK's engine is told so by {@link #REFUSE_RENEGOTIATION}.
 */
public final class ServerTls {
    /** TLS 1.3 first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** AEAD suites only, in the order the relay prefers them; the ones an engine lacks are left out. */
    public static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /**
     * The JDK's switch for refusing renegotiation a client starts. It is read once, before the JVM's first server-side
     * TLS handshake, so the relay sets it when this class loads (before it builds any server context).
     */
    static final String REFUSE_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        if (System.getProperty(REFUSE_RENEGOTIATION) == null) {
            System.setProperty(REFUSE_RENEGOTIATION, "true");
        }
    }

    private ServerTls() {
    }

    /** A server context for {@code identity} on {@code provider} (OPENSSL = BoringSSL through netty-tcnative). */
    public static SslContext context(RelayIdentity identity, SslProvider provider) throws IOException {
        try {
            String alias = keyAlias(identity);
            Key key = identity.keyStore().getKey(alias, identity.password());
            Certificate[] chain = identity.keyStore().getCertificateChain(alias);
            X509Certificate[] x509 = Arrays.stream(chain).map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            return SslContextBuilder.forServer((PrivateKey) key, x509)
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | GeneralSecurityException | ClassCastException e) {
            throw new IOException("cannot set up TLS with the relay's certificate: " + e.getMessage(), e);
        }
    }

    private static String keyAlias(RelayIdentity identity) throws GeneralSecurityException, IOException {
        for (String alias : Collections.list(identity.keyStore().aliases())) {
            if (identity.keyStore().isKeyEntry(alias)) {
                return alias;
            }
        }
        throw new IOException("the relay's keystore holds no private key");
    }
}
