package dev.parley.relay;

/**
 * Which socket transport and TLS implementation the relay's network edge uses. {@code AUTO} takes the native one
 * where it loads (Linux epoll, BoringSSL) and the JDK's otherwise; the start line says which one runs.
 *
 * @param transport epoll or NIO
 * @param tls       BoringSSL (OpenSSL API) or the JDK's own TLS
 */
public record Engine(Transport transport, Tls tls) {
    /** Native where it loads, JDK otherwise. */
    public static final Engine AUTO = new Engine(Transport.AUTO, Tls.AUTO);
    /** The portable engine: NIO and the JDK's TLS (what Windows and macOS run). */
    public static final Engine PORTABLE = new Engine(Transport.NIO, Tls.JDK);

    public enum Transport { AUTO, EPOLL, NIO }

    public enum Tls { AUTO, OPENSSL, JDK }

    public Engine {
        if (transport == null || tls == null) {
            throw new IllegalArgumentException("transport and TLS engine must be given");
        }
    }
}
