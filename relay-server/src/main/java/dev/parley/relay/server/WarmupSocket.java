package dev.parley.relay.server;

import dev.parley.protocol.PinningTrustManager;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One WebSocket client connection of the warm-up, over a JDK {@link SSLSocket} pinned to the warm-up relay's
 * certificate: the upgrade, masked frames out, frames in counted by opcode on a reader thread of its own.
 *
 * <p>Hand-written (RFC 6455's client side is ~100 lines here) because the relay has no WebSocket client library, and
 * Netty's own client would run the client-mode paths of the very classes ({@code SslHandler}, the OpenSSL engine, the
 * frame codecs) whose server-mode profiles the warm-up is there to build.
 */
final class WarmupSocket implements AutoCloseable {
    /** What the relay sends, as the reader thread receives it. */
    interface Inbox {
        void text(String json);

        void binary();

        /** The connection is over (closed by either side, or broken). */
        void over();
    }

    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;

    private final SSLSocket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Thread reader;

    private WarmupSocket(SSLSocket socket, OutputStream out, DataInputStream in, Inbox inbox) {
        this.socket = socket;
        this.out = out;
        this.in = in;
        this.reader = new Thread(() -> read(inbox), "parley-warmup-reader");
        this.reader.setDaemon(true);
    }

    /**
     * Connects, upgrades and starts reading into {@code inbox} (a binary frame's bytes are read and dropped).
     */
    static WarmupSocket open(int port, String fingerprint, Inbox inbox) throws IOException {
        SSLSocket socket;
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{new PinningTrustManager(fingerprint)}, null);
            socket = (SSLSocket) tls.getSocketFactory().createSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS for the warm-up: " + e.getMessage(), e);
        }
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key() + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            String status = readHead(in);
            if (!status.startsWith("HTTP/1.1 101")) {
                throw new IOException("the warm-up relay refused the upgrade: " + status);
            }
            socket.setSoTimeout(0);
            WarmupSocket ws = new WarmupSocket(socket, out, in, inbox);
            ws.reader.start();
            return ws;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    void sendText(String json) throws IOException {
        send(TEXT, json.getBytes(StandardCharsets.UTF_8));
    }

    void sendBinary(byte[] payload) throws IOException {
        send(BINARY, payload);
    }

    /** Sends a ping (the relay answers with a pong, which the reader drops), as browsers and libraries do. */
    void sendPing() throws IOException {
        send(PING, new byte[]{'w', 'a', 'r', 'm'});
    }

    /** Starts the closing handshake with 1000; the reader reports {@code over} once the relay answers it. */
    void sendClose() throws IOException {
        send(CLOSE, new byte[]{0x03, (byte) 0xE8});
    }

    /** Sends one whole masked frame and flushes it: the relay gets each frame on its own, as a live stream sends. */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(0x80 | opcode);
        if (n < 126) {
            out.write(0x80 | n);
        } else if (n <= 0xFFFF) {
            out.write(0x80 | 126);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift));
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        out.write(mask);
        byte[] masked = new byte[n];
        for (int i = 0; i < n; i++) {
            masked[i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        out.write(masked);
        out.flush();
    }

    private void read(Inbox inbox) {
        byte[] skip = new byte[16 * 1024];
        byte[] text = new byte[64 * 1024];
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long length = b1 & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                int opcode = b0 & 0x0F;
                if (opcode == TEXT && length <= text.length) {
                    in.readFully(text, 0, (int) length);
                    inbox.text(new String(text, 0, (int) length, StandardCharsets.UTF_8));
                    continue;
                }
                for (long left = length; left > 0; ) {
                    int n = in.read(skip, 0, (int) Math.min(skip.length, left));
                    if (n < 0) {
                        throw new IOException("closed");
                    }
                    left -= n;
                }
                if (opcode == CLOSE) {
                    return;
                }
                if (opcode == BINARY) {
                    inbox.binary();
                }
            }
        } catch (IOException e) {
            // closed by us or broken: either way the connection is over
        } finally {
            inbox.over();
        }
    }

    @Override
    public void close() {
        try {
            synchronized (this) {
                out.write(new byte[]{(byte) (0x80 | CLOSE), (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
                out.flush();
            }
        } catch (IOException e) {
            // the relay went first: nothing to say goodbye to
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static String key() {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        return java.util.Base64.getEncoder().encodeToString(nonce);
    }

    /** Reads the response head up to its blank line; returns its status line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                int end = head.indexOf("\r\n");
                return head.substring(0, end);
            }
            if (head.length() > 8192) {
                break;
            }
        }
        throw new IOException("the warm-up relay closed during the upgrade");
    }
}
