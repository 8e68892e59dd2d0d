package dev.parley.relay.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Names on the local network: the default display name, DNS labels, and text fit for showing. */
final class LanNames {
    /** A DNS label holds at most 63 bytes. */
    static final int MAX_LABEL_BYTES = 63;
    private static final String FALLBACK = "Parley relay";

    private LanNames() {
    }

    /** This computer's short host name ({@code studio} for {@code studio.example.org}), or "Parley relay". */
    static String localHost() {
        String host = null;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv("HOSTNAME") != null ? System.getenv("HOSTNAME") : System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank() || host.matches("[0-9.]+")
                || host.contains(":")) {
            return FALLBACK;
        }
        int dot = host.indexOf('.');
        return dot > 0 ? host.substring(0, dot) : host;
    }

    /** The service instance name: the display name without dots (JmDNS would read them as label breaks), ≤ 63 bytes. */
    static String instance(String displayName) {
        String label = printable(displayName).replace('.', ' ').replace('\\', ' ').strip();
        return truncateUtf8(label.isEmpty() ? FALLBACK : label, MAX_LABEL_BYTES);
    }

    /** A host label for the responder's own A record: {@code parley-relay-studio}. */
    static String hostLabel(String prefix, String host) {
        String clean = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("(^-+|-+$)", "");
        String label = clean.isEmpty() ? prefix : prefix + "-" + clean;
        return label.length() > MAX_LABEL_BYTES ? label.substring(0, MAX_LABEL_BYTES) : label;
    }

    /** The text with control characters turned into spaces, stripped. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip();
    }

    /** The longest prefix of whole code points that fits in {@code maxBytes} of UTF-8. */
    static String truncateUtf8(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes) {
                break;
            }
            out.appendCodePoint(c);
            bytes += n;
            i += Character.charCount(c);
        }
        return out.toString().strip();
    }
}
