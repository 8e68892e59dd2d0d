package dev.parley.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/**
 * The SHA-256 fingerprint of a relay's certificate, as the relay prints it, announces it and clients pin it:
 * {@code AB:CD:...}.
 */
public final class CertificateFingerprint {
    private CertificateFingerprint() {
    }

    /** SHA-256 of the certificate's DER encoding, upper-case hex pairs joined by ':'. */
    public static String sha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }
}
