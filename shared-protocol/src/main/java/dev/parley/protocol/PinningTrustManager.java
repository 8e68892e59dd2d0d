package dev.parley.protocol;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Trusts exactly one certificate: the one whose SHA-256 fingerprint is pinned for this relay. Never trusts anything
 * else, not even certificates a public CA signed. Being an {@link X509ExtendedTrustManager}, it replaces host name
 * verification with the pin (a relay reached by a LAN address its certificate does not name is still recognised).
 * Whatever it refuses, it remembers the fingerprint it saw, so the app can ask the person whether to trust it.
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {
    private final String pinned;
    private final AtomicReference<String> seen = new AtomicReference<>();

    /** @param pinnedFingerprint canonical fingerprint to accept, or {@code null} to accept none (first contact) */
    public PinningTrustManager(String pinnedFingerprint) {
        this.pinned = pinnedFingerprint;
    }

    /** The fingerprint of the certificate the relay presented, once it presented one. */
    public String seenFingerprint() {
        return seen.get();
    }

    /** Whether the last certificate presented was refused. */
    public boolean refused() {
        String s = seen.get();
        return s != null && !s.equals(pinned);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the relay presented no certificate");
        }
        String fingerprint = CertificateFingerprint.sha256(chain[0]);
        seen.set(fingerprint);
        if (!fingerprint.equals(pinned)) {
            throw new CertificateException("certificate " + fingerprint + " is not the one trusted for this relay");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not used");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
