package dev.parley.relay.net;

import dev.parley.relay.Engine;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;

/**
 * The transport and TLS implementation the relay runs on, resolved from an {@link Engine} preference: native epoll and
 * BoringSSL where they load (Linux x86-64 and arm64 have both), NIO and the JDK's TLS elsewhere.
 *
 * @param description what the start line says, e.g. "epoll, BoringSSL"
 */
public record NetworkEngine(IoHandlerFactory io, Class<? extends ServerChannel> serverChannel, SslProvider tls,
                            String description) {

    /** Resolves {@code wanted}; a native engine asked for by name that does not load is an error that says why. */
    public static NetworkEngine resolve(Engine wanted) throws IOException {
        boolean epoll = switch (wanted.transport()) {
            case AUTO -> Epoll.isAvailable();
            case NIO -> false;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IOException("native epoll does not load here (" + causeOf(Epoll.unavailabilityCause())
                            + "); use --transport nio");
                }
                yield true;
            }
        };
        boolean openSsl = switch (wanted.tls()) {
            case AUTO -> OpenSsl.isAvailable();
            case JDK -> false;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IOException("BoringSSL does not load here (" + causeOf(OpenSsl.unavailabilityCause())
                            + "); use --tls-engine jdk");
                }
                yield true;
            }
        };
        return new NetworkEngine(epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory(),
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class,
                openSsl ? SslProvider.OPENSSL : SslProvider.JDK,
                (epoll ? "epoll" : "NIO") + ", " + (openSsl ? OpenSsl.versionString() : "JDK TLS"));
    }

    private static String causeOf(Throwable t) {
        if (t == null) {
            return "no reason given";
        }
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
