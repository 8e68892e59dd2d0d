package dev.parley.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * A client TLS context that trusts exactly one certificate, identified by its SHA-256 fingerprint (as the relay
 * prints it). The pin replaces both chain validation and host name checks; everything else is refused.
 */
final class Pinning {
    private Pinning() {
    }

    static SSLContext context(String fingerprint) {
        String pin = fingerprint.trim().toUpperCase();
        X509ExtendedTrustManager tm = new X509ExtendedTrustManager() {
            private void check(X509Certificate[] chain) throws CertificateException {
                if (chain == null || chain.length == 0) {
                    throw new CertificateException("no certificate");
                }
                String got = sha256(chain[0]);
                if (!got.equals(pin)) {
                    throw new CertificateException("certificate " + got + " is not the pinned " + pin);
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
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    /** The fingerprint of a certificate this program holds itself (reference servers). */
    static String sha256OrFail(X509Certificate cert) {
        try {
            return sha256(cert);
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    static String sha256(X509Certificate cert) throws CertificateException {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
        }
    }
}
