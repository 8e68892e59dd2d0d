package dev.parley.bench.support;

import dev.parley.protocol.PinningTrustManager;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;
import java.util.Locale;

/**
 * A client TLS context that trusts exactly one certificate, identified by its SHA-256 fingerprint (as the relay
 * prints it), through the same {@link PinningTrustManager} the app uses. The pin replaces both chain validation and
 * host name checks; everything else is refused.
 */
public final class Pinning {
    private Pinning() {
    }

    public static SSLContext context(String fingerprint) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new PinningTrustManager(fingerprint.trim().toUpperCase(Locale.ROOT))},
                    null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }
}
