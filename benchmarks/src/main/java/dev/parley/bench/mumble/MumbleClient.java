package dev.parley.bench.mumble;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal Mumble 1.3 client on the TCP control channel only: a TLS socket that trusts exactly the server's
 * certificate (the {@link SSLContext} given pins it), messages framed as a 2-byte type, a 4-byte length (both
 * big-endian) and the body. It sends Version and Authenticate, reads until ServerSync (then it is in the root channel),
 * pings on a schedule so the server's idle timeout (30 s by default) never fires, and sends and receives voice as
 * {@code UDPTunnel} messages (legacy voice packets, {@link VoicePacket}). It never opens UDP, so murmur sends it
 * voice through the tunnel too. One reader thread per client; sends are serialised, one TLS write per message.
 */
final class MumbleClient implements AutoCloseable {
    static final int VERSION = 0;
    static final int UDP_TUNNEL = 1;
    static final int AUTHENTICATE = 2;
    static final int PING = 3;
    static final int REJECT = 4;
    static final int SERVER_SYNC = 5;
    static final int PERMISSION_DENIED = 12;
    /** The version this client claims, as Mumble packs it: major << 16 | minor << 8 | patch (1.3.4). */
    static final int CLIENT_VERSION = 1 << 16 | 3 << 8 | 4;
    /** murmur refuses messages longer than this ({@code Connection.cpp}); so does this client. */
    static final int MAX_MESSAGE_BYTES = 0x7FFFFF;

    /** Called on the client's reader thread with each voice packet the server relays and when it was read. */
    interface VoiceHandler {
        void onVoice(byte[] packet, long receivedNanos);
    }

    private final String name;
    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final VoiceHandler voice;
    private final CountDownLatch synced = new CountDownLatch(1);
    private final AtomicInteger pongs = new AtomicInteger();
    private final Thread reader;
    private volatile long session = -1;
    private volatile String failure;
    private volatile String lastDenied;
    private volatile boolean closing;
    private ScheduledFuture<?> pinger;

    private MumbleClient(String name, SSLSocket socket, VoiceHandler voice) throws IOException {
        this.name = name;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
        this.voice = voice;
        this.reader = new Thread(this::readLoop, "mumble-" + name);
        this.reader.setDaemon(true);
    }

    /**
     * Connects, authenticates as {@code username} (no password, no client certificate, Opus supported) and waits for
     * ServerSync. {@code pings}, if not null, sends this client's Ping every {@code pingEvery}.
     *
     * @throws IOException if the handshake fails (a certificate other than the pinned one included), the server
     *                     rejects the user (its reason is in the message) or ServerSync does not come within
     *                     {@code timeout}
     */
    static MumbleClient connect(String host, int port, SSLContext tls, String username, VoiceHandler voice,
                                ScheduledExecutorService pings, Duration pingEvery, Duration timeout)
            throws IOException, InterruptedException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket();
        MumbleClient client = null;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            socket.setSoTimeout(0);
            client = new MumbleClient(username, socket, voice == null ? (p, t) -> { } : voice);
            client.reader.start();
            client.send(VERSION, new Proto.Writer()
                    .uint(1, CLIENT_VERSION)
                    .string(2, "parley-bench")
                    .string(3, System.getProperty("os.name", "Linux"))
                    .string(4, System.getProperty("os.version", ""))
                    .toByteArray());
            client.send(AUTHENTICATE, new Proto.Writer()
                    .string(1, username)
                    .bool(5, true) // opus
                    .toByteArray());
            if (!client.synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(username + ": no ServerSync within " + timeout.toMillis() + " ms");
            }
            if (client.session < 0) {
                throw new IOException(username + ": " + client.failure);
            }
            if (pings != null) {
                MumbleClient c = client;
                client.pinger = pings.scheduleAtFixedRate(c::pingQuietly, pingEvery.toMillis(), pingEvery.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            return client;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (client != null) {
                client.close();
            } else {
                socket.close();
            }
            throw e;
        }
    }

    /** The session number the server gave this user (in ServerSync); relayed voice carries the sender's. */
    long session() {
        return session;
    }

    String name() {
        return name;
    }

    /** The negotiated TLS protocol and cipher suite, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String tls() {
        SSLSession s = socket.getSession();
        return s.getProtocol() + " " + s.getCipherSuite();
    }

    /** Ping replies received so far. */
    int pongs() {
        return pongs.get();
    }

    /** Why the connection ended, or null while it is open. */
    String failure() {
        return failure;
    }

    /** The last PermissionDenied the server sent, or null. */
    String lastDenied() {
        return lastDenied;
    }

    /** Sends one voice packet (from {@link VoicePacket#fromClient}) through the TCP tunnel. */
    void sendVoice(byte[] packet) throws IOException {
        send(UDP_TUNNEL, packet);
    }

    void ping() throws IOException {
        send(PING, new Proto.Writer().uint(1, System.nanoTime() / 1000).toByteArray());
    }

    private void pingQuietly() {
        try {
            ping();
        } catch (IOException e) {
            if (failure == null && !closing) {
                failure = "ping failed: " + e.getMessage();
            }
        }
    }

    /** One framed message in one write (so one TLS record for a small one). */
    void send(int type, byte[] body) throws IOException {
        byte[] frame = new byte[6 + body.length];
        frame[0] = (byte) (type >>> 8);
        frame[1] = (byte) type;
        frame[2] = (byte) (body.length >>> 24);
        frame[3] = (byte) (body.length >>> 16);
        frame[4] = (byte) (body.length >>> 8);
        frame[5] = (byte) body.length;
        System.arraycopy(body, 0, frame, 6, body.length);
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    private void readLoop() {
        try {
            while (true) {
                int type = in.readUnsignedShort();
                int length = in.readInt();
                if (length < 0 || length > MAX_MESSAGE_BYTES) {
                    throw new IOException("message of type " + type + " declares " + length + " bytes");
                }
                byte[] body = new byte[length];
                in.readFully(body);
                switch (type) {
                    case UDP_TUNNEL -> voice.onVoice(body, System.nanoTime());
                    case PING -> pongs.incrementAndGet();
                    case SERVER_SYNC -> {
                        session = Proto.uintField(body, 1, -1);
                        if (session < 0) {
                            failure = "ServerSync without a session";
                        }
                        synced.countDown();
                    }
                    case REJECT -> {
                        failure = "rejected (type " + Proto.uintField(body, 1, 0) + "): "
                                + Proto.stringField(body, 2, "no reason given");
                        synced.countDown();
                    }
                    case PERMISSION_DENIED -> lastDenied = "type " + Proto.uintField(body, 5, 0) + ", permission "
                            + Proto.uintField(body, 1, 0) + ": " + Proto.stringField(body, 4, "");
                    default -> {
                        // Version, CryptSetup, CodecVersion, ChannelState, UserState, ServerConfig, ...: not needed
                    }
                }
            }
        } catch (EOFException e) {
            ended("the server closed the connection");
        } catch (SocketException e) {
            ended(closing ? null : "connection lost: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            ended(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void ended(String why) {
        if (failure == null) {
            failure = why == null ? "closed" : why;
        }
        synced.countDown();
    }

    @Override
    public void close() {
        closing = true;
        if (pinger != null) {
            pinger.cancel(false);
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
