package dev.parley.relay.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

/**
 * TLS for test clients that trust exactly one certificate (the relay's own), through a {@link KeyStore} and the
 * standard PKIX {@link TrustManagerFactory}: chain validation and hostname verification stay on.
 */
public final class TrustedTls {
    private TrustedTls() {
    }

    /** An SSL context whose only trust anchor is {@code certificate}. */
    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("relay", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store for the relay's certificate", e);
        }
    }
}
