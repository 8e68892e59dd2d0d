package dev.parley.bench;

import dev.parley.relay.tls.RelayIdentity;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.SSLParametersWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Reference point (1): what Java-WebSocket alone costs. A TLS WebSocket server with the relay's TLS settings
 * (TLS 1.2/1.3, same kind of certificate, same worker count, TCP_NODELAY), no storage and no validation: a
 * {@code hello} text frame gets {@code {"type":"welcome"}} back, every other frame is {@code broadcast()} to
 * every connection, the sender included (the library encodes a broadcast frame once). Run as a child process:
 * {@code BareBroadcastServer <dir>}; prints the same first line as the relay.
 */
public final class BareBroadcastServer extends WebSocketServer {
    private static final String HELLO = "{\"type\":\"hello\"";
    private final CountDownLatch started = new CountDownLatch(1);

    private BareBroadcastServer(InetSocketAddress address) {
        super(address, Math.max(2, Runtime.getRuntime().availableProcessors()),
                List.of(new Draft_6455(List.of(), 16 * 1024 * 1024 + 16 * 1024)));
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
        setConnectionLostTimeout(40);
    }

    public static void main(String[] args) throws Exception {
        RelayIdentity identity = RelayIdentity.loadOrGenerate(Path.of(args[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity.keyStore(), identity.password());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setProtocols(Arrays.stream(parameters.getProtocols())
                .filter(p -> p.equals("TLSv1.3") || p.equals("TLSv1.2")).toArray(String[]::new));

        BareBroadcastServer server = new BareBroadcastServer(new InetSocketAddress("127.0.0.1", 0));
        server.setWebSocketFactory(new SSLParametersWebSocketServerFactory(tls, Executors.newFixedThreadPool(2), parameters));
        server.start();
        server.started.await();
        String fp = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(identity.certificate().getEncoded()));
        System.out.println("Bare broadcast server listening on wss://127.0.0.1:" + server.getPort()
                + " - certificate SHA-256 " + fp);
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        // nothing to set up: every connection is in the one room
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        if (message.startsWith(HELLO)) {
            conn.send("{\"type\":\"welcome\"}");
        } else {
            broadcast(message);
        }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        broadcast(message);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        // nothing to tear down
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        System.err.println("bare server error: " + ex);
    }
}
