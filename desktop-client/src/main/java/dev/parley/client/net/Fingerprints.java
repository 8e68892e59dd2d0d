package dev.parley.client.net;

import java.util.Locale;
import java.util.Optional;

/**
 * SHA-256 certificate fingerprints as people handle them: normalising what they type, grouping for display
 * ({@link dev.parley.protocol.CertificateFingerprint} computes them).
 */
public final class Fingerprints {
    private static final int SHA256_BYTES = 32;

    private Fingerprints() {
    }

    /**
     * The canonical form ({@code AB:CD:...}) of a fingerprint as typed: hex, colons/spaces optional, any case.
     *
     * @return empty when it is not 32 bytes of hex
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String hex = typed.replaceAll("[\\s:]", "").toUpperCase(Locale.ROOT);
        if (hex.length() != SHA256_BYTES * 2 || !hex.matches("[0-9A-F]+")) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(SHA256_BYTES * 3);
        for (int i = 0; i < hex.length(); i += 2) {
            if (i > 0) {
                out.append(':');
            }
            out.append(hex, i, i + 2);
        }
        return Optional.of(out.toString());
    }

    /**
     * A canonical fingerprint laid out for people in the relay's own format ({@code FC:5E:74:…}, upper-case hex
     * pairs joined by ':'), on two lines of sixteen pairs: the second line follows the colon that ends the first,
     * so the two lines joined are exactly what the relay prints.
     */
    public static String grouped(String fingerprint) {
        String[] pairs = fingerprint.split(":");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                out.append(':');
                if (i % 16 == 0) {
                    out.append('\n');
                }
            }
            out.append(pairs[i]);
        }
        return out.toString();
    }
}
