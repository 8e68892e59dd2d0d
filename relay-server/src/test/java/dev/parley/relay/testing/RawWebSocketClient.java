package dev.parley.relay.testing;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A hand-made WebSocket client on a plain {@link SSLSocket}: it does exactly what a test says and nothing else.
 * In particular it reads nothing unless asked, so it can play a consumer that stopped reading (its socket receive
 * buffer can be fixed small so the relay's backlog builds up quickly). Frames it sends are masked, as RFC 6455
 * requires of clients.
 */
public final class RawWebSocketClient implements AutoCloseable {
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /** A frame read from the relay. */
    public record Frame(int opcode, byte[] payload) {
        public static final int TEXT = 1;
        public static final int BINARY = 2;
        public static final int CLOSE = 8;

        /** The close code of a close frame (1005 when it carries none). */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
    }

    private RawWebSocketClient(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to 127.0.0.1:{@code port} and finishes the TLS handshake (hostname verification on), but sends no
     * WebSocket upgrade yet.
     *
     * @param receiveBufferBytes socket receive buffer, fixed before connecting; 0 for the OS default
     * @param protocols          TLS versions to offer; none for the defaults
     */
    public static RawWebSocketClient tlsOnly(int port, SSLContext tls, int receiveBufferBytes, String... protocols)
            throws IOException {
        return tlsOnlyFrom(null, port, tls, receiveBufferBytes, protocols);
    }

    /**
     * As {@link #tlsOnly}, from the local address {@code from} (another loopback address such as 127.0.0.2 looks like
     * another machine to the relay), or the OS's choice when null.
     */
    public static RawWebSocketClient tlsOnlyFrom(InetAddress from, int port, SSLContext tls, int receiveBufferBytes,
                                                 String... protocols) throws IOException {
        Socket plain = new Socket();
        if (receiveBufferBytes > 0) {
            plain.setReceiveBufferSize(receiveBufferBytes);
        }
        if (from != null) {
            plain.bind(new InetSocketAddress(from, 0));
        }
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        SSLParameters parameters = s.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (protocols.length > 0) {
            parameters.setProtocols(protocols);
        }
        s.setSSLParameters(parameters);
        s.setSoTimeout(10_000);
        s.startHandshake();
        return new RawWebSocketClient(s);
    }

    /** Writes these bytes as they are (inside TLS): a request, garbage, a hand-made frame. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads an HTTP response's head (status line and headers) and returns it, or what came before the connection
     * ended.
     */
    public String readHttpHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads until the relay ends the connection (end of stream, reset or TLS alert) and returns how many bytes came;
     * fails with a timeout if it does not end within the read timeout.
     */
    public long readUntilClosed() throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
            }
        } catch (java.net.SocketTimeoutException timeout) {
            throw timeout;
        } catch (java.net.SocketException | javax.net.ssl.SSLException ended) {
            // a reset, or TLS ended without close_notify: closed too
        }
        return n;
    }

    /** Connects, finishes TLS and the WebSocket upgrade to path {@code /}. */
    public static RawWebSocketClient connect(int port, SSLContext tls, int receiveBufferBytes) throws IOException {
        RawWebSocketClient c = tlsOnly(port, tls, receiveBufferBytes);
        c.upgrade(port);
        return c;
    }

    /** Sends the HTTP upgrade request and checks the 101 answer (reading exactly the answer's bytes). */
    public void upgrade(int port) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the relay closed during the upgrade: " + head);
            }
            head.write(b);
        }
        String response = head.toString(StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 101") || !response.contains(expectedAccept(key))) {
            throw new IOException("unexpected upgrade answer: " + response);
        }
    }

    private static String expectedAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void sendText(String text) throws IOException {
        sendFrame(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendBinary(ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        sendFrame(Frame.BINARY, bytes);
    }

    private void sendFrame(int opcode, byte[] payload) throws IOException {
        out.write(maskedFrame(opcode, payload));
        out.flush();
    }

    /** A whole client-to-server frame: FIN set, masked with a random key, as RFC 6455 requires of clients. */
    public static byte[] maskedFrame(int opcode, byte[] payload) {
        ByteBuffer f = ByteBuffer.allocate(14 + payload.length);
        f.put((byte) (0x80 | opcode));
        if (payload.length < 126) {
            f.put((byte) (0x80 | payload.length));
        } else if (payload.length <= 0xffff) {
            f.put((byte) (0x80 | 126)).putShort((short) payload.length);
        } else {
            f.put((byte) (0x80 | 127)).putLong(payload.length);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        f.put(mask);
        for (int i = 0; i < payload.length; i++) {
            f.put((byte) (payload[i] ^ mask[i & 3]));
        }
        return java.util.Arrays.copyOf(f.array(), f.position());
    }

    /** Reads the next frame from the relay (blocking up to the socket timeout). */
    public Frame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long length = b1 & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((b1 & 0x80) != 0) {
            throw new IOException("the relay sent a masked frame");
        }
        if (length > 64L << 20) {
            throw new IOException("frame of " + length + " bytes");
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(b0 & 0x0f, payload);
    }

    /** Reads exactly {@code n} bytes: an HTTP response's body of a known length. */
    public byte[] readExactly(int n) throws IOException {
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    public void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public SSLSocket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
