package dev.parley.bench;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One load-generator member: a Java-WebSocket TLS client that joins a room with {@code hello} and hands every
 * later frame to its {@link Listener} on the client's read thread.
 */
final class BenchClient extends WebSocketClient {
    /** Called on the client's read thread with {@link System#nanoTime()} of arrival. */
    interface Listener {
        void text(BenchClient client, String frame, long nanos);

        void binary(BenchClient client, ByteBuffer frame, long nanos);
    }

    final String nick;
    final int index;
    private final String room;
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private volatile Listener listener;
    private volatile String closeReason;

    private BenchClient(ChildServer server, SSLContext tls, String room, String nick, int index, Listener listener) {
        super(URI.create("wss://" + server.host + ":" + server.port + "/"), new Draft_6455(List.of(), 32 << 20));
        this.nick = nick;
        this.index = index;
        this.room = room;
        this.listener = listener;
        setSocketFactory(tls.getSocketFactory());
        setTcpNoDelay(true);
        setConnectionLostTimeout(0); // the server pings; the client answers
    }

    /** Connects, says hello (protocol 1) and waits for the welcome. */
    static BenchClient join(ChildServer server, SSLContext tls, String room, String nick, int index, Listener listener)
            throws IOException, InterruptedException {
        return join(server, tls, room, nick, index, listener, 1);
    }

    /** Connects, says hello asking for {@code protocol} (2: live voice) and waits for the welcome. */
    static BenchClient join(ChildServer server, SSLContext tls, String room, String nick, int index, Listener listener,
                            int protocol) throws IOException, InterruptedException {
        return join(server, tls, room, nick, index, listener, protocol, "");
    }

    /** The same, with {@code moreFields} (e.g. {@code ,"echo":false}) at the end of the hello. */
    static BenchClient join(ChildServer server, SSLContext tls, String room, String nick, int index, Listener listener,
                            int protocol, String moreFields) throws IOException, InterruptedException {
        BenchClient c = new BenchClient(server, tls, room, nick, index, listener);
        if (!c.connectBlocking(20, TimeUnit.SECONDS)) {
            throw new IOException(nick + " could not connect: " + c.closeReason);
        }
        c.send("{\"type\":\"hello\",\"protocol\":" + protocol + ",\"nick\":\"" + nick + "\",\"room\":\"" + room
                + "\",\"client\":\"parley-bench\"" + moreFields + "}");
        if (!c.welcomed.await(20, TimeUnit.SECONDS)) {
            throw new IOException(nick + " got no welcome: " + c.closeReason);
        }
        return c;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // hello is sent by join()
    }

    @Override
    public void onMessage(String message) {
        long now = System.nanoTime();
        if (welcomed.getCount() > 0 && message.startsWith("{\"type\":\"welcome\"")) {
            welcomed.countDown();
            return;
        }
        listener.text(this, message, now);
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        listener.binary(this, bytes, System.nanoTime());
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason = code + " " + reason;
        if (code != 1000 && code != 1001) {
            System.err.println(nick + " closed: " + code + " " + reason);
        }
    }

    @Override
    public void onError(Exception ex) {
        closeReason = ex.toString();
        System.err.println(nick + " error: " + ex);
    }

    String room() {
        return room;
    }
}
