package dev.parley.bench.socketio;

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
 * One socket.io member of the load: a Java-WebSocket TLS client (the same library and settings as the Parley load
 * generator's) speaking Engine.IO v4 / socket.io v5 on the websocket transport: it waits for the server's open
 * packet, connects to namespace {@code /}, sends {@code hello} with its room and waits for {@code welcome}. It answers
 * every server ping with a pong, and hands every {@code chat} event frame to its {@link Listener} on its read thread.
 */
public final class SocketIoClient extends WebSocketClient {
    /** Called on the client's read thread with {@link System#nanoTime()} of arrival and the whole frame. */
    public interface Listener {
        void chat(SocketIoClient client, String frame, long nanos);
    }

    private static final String CHAT = Packets.eventPrefix("chat");
    private static final String WELCOME = Packets.eventPrefix("welcome");

    public final String nick;
    public final int index;
    private final String room;
    private final Listener listener;
    private final boolean answerPings;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Object pongLock = new Object();
    private int pongs;
    private volatile Packets.Open open;
    private volatile String closeReason;

    private SocketIoClient(String host, int port, SSLContext tls, String room, String nick, int index, Listener listener,
                           boolean answerPings) {
        super(URI.create("wss://" + host + ":" + port + "/socket.io/?EIO=4&transport=websocket"),
                new Draft_6455(List.of(), 32 << 20));
        this.nick = nick;
        this.index = index;
        this.room = room;
        this.listener = listener;
        this.answerPings = answerPings;
        setSocketFactory(tls.getSocketFactory());
        setTcpNoDelay(true);
        setConnectionLostTimeout(0); // Engine.IO v4: the server pings, the client answers
    }

    /** Connects over TLS ({@code tls} pinned to the server's certificate), joins {@code room}, waits for the welcome. */
    public static SocketIoClient join(String host, int port, SSLContext tls, String room, String nick, int index,
                                      Listener listener) throws IOException, InterruptedException {
        return join(host, port, tls, room, nick, index, listener, true);
    }

    /** The same; {@code answerPings} false leaves the server's pings unanswered (to see the server close it). */
    static SocketIoClient join(String host, int port, SSLContext tls, String room, String nick, int index,
                               Listener listener, boolean answerPings) throws IOException, InterruptedException {
        SocketIoClient c = new SocketIoClient(host, port, tls, room, nick, index, listener, answerPings);
        if (!c.connectBlocking(20, TimeUnit.SECONDS)) {
            throw new IOException(nick + " could not connect: " + c.closeReason);
        }
        c.await(c.opened, "no Engine.IO open packet");
        c.send(Packets.connect("/"));
        c.await(c.connected, "no socket.io connect to /");
        c.send(Packets.event("hello", "{\"room\":" + Packets.quote(room) + ",\"nick\":" + Packets.quote(nick) + "}"));
        c.await(c.welcomed, "no welcome");
        return c;
    }

    private void await(CountDownLatch latch, String what) throws IOException, InterruptedException {
        if (!latch.await(20, TimeUnit.SECONDS)) {
            close();
            throw new IOException(nick + " got " + what + " within 20 s" + (closeReason == null ? "" : ": " + closeReason));
        }
    }

    /** The server's open packet (session id, ping interval and timeout). */
    public Packets.Open openPacket() {
        return open;
    }

    public String room() {
        return room;
    }

    /** How many server pings this client has answered so far. */
    public int pongsSent() {
        synchronized (pongLock) {
            return pongs;
        }
    }

    /** Waits until this client has answered {@code n} pings; false if the time ran out first. */
    public boolean awaitPongs(int n, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (pongLock) {
            while (pongs < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(pongLock, left);
            }
            return true;
        }
    }

    /** Waits until the connection is closed (by either side); false if the time ran out first. */
    public boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return closed.await(timeout, unit);
    }

    /** Why it closed ("code reason", or the error), or null while open. */
    public String closeReason() {
        return closeReason;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // the server's open packet follows as the first frame
    }

    @Override
    public void onMessage(String frame) {
        long now = System.nanoTime();
        if (frame.startsWith(CHAT)) {
            listener.chat(this, frame, now);
            return;
        }
        if (frame.equals(Packets.PING)) {
            if (answerPings) {
                send(Packets.PONG);
                synchronized (pongLock) {
                    pongs++;
                    pongLock.notifyAll();
                }
            }
            return;
        }
        if (frame.startsWith(WELCOME)) {
            welcomed.countDown();
            return;
        }
        Packets.Packet p = Packets.decode(frame);
        switch (p.engine()) {
            case OPEN -> {
                open = Packets.open(frame);
                opened.countDown();
            }
            case CLOSE -> closeReason = "the server sent an Engine.IO close";
            case MESSAGE -> {
                switch (p.socket()) {
                    case CONNECT -> connected.countDown();
                    case CONNECT_ERROR -> closeReason = "socket.io refused the connection: " + p.data();
                    case DISCONNECT -> closeReason = "socket.io disconnected us";
                    default -> {
                        // other events and acks: none expected
                    }
                }
            }
            default -> {
                // pong, upgrade, noop: nothing to do
            }
        }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        // no binary attachments are sent in this benchmark
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        if (closeReason == null) {
            closeReason = code + " " + reason;
        }
        if (code != 1000 && code != 1001 && code != 1005) {
            System.err.println("socket.io client " + nick + " closed: " + code + " " + reason);
        }
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {
        closeReason = ex.toString();
        System.err.println("socket.io client " + nick + " error: " + ex);
    }
}
