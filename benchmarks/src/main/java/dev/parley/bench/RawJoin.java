package dev.parley.bench;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client for holding many idle members without a thread each: TLS handshake,
 * HTTP upgrade, masked {@code hello}, read frames up to the {@code welcome}, then leave the socket alone.
 */
final class RawJoin {
    /** The largest frame a joining member reads before its welcome (presence, errors: all small). */
    private static final int MAX_HELLO_ANSWER_BYTES = 1 << 20;

    private RawJoin() {
    }

    /** One WebSocket frame as it came off the wire (unmasked: the server never masks). */
    record Frame(int opcode, byte[] payload, int wireBytes) {
        static final int TEXT = 1;
        static final int CLOSE = 8;

        /** The close code of a close frame, or 1005 (RFC 6455 §7.1.5: none given). */
        int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }

        String closeReason() {
            return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
        }
    }

    static SSLSocket join(SSLSocketFactory tls, String host, int port, String room, String nick) throws IOException {
        return join((SSLSocket) tls.createSocket(host, port), host, port, room, nick);
    }

    /**
     * The same, over a TCP connection whose receive buffer is set to {@code receiveBufferBytes} before it connects
     * (so the window it offers the server stays that small: the kernel doubles the figure for its own overhead).
     */
    static SSLSocket join(SSLSocketFactory tls, String host, int port, String room, String nick, int receiveBufferBytes)
            throws IOException {
        Socket tcp = new Socket();
        try {
            tcp.setReceiveBufferSize(receiveBufferBytes);
            tcp.connect(new InetSocketAddress(host, port), 10_000);
            return join((SSLSocket) tls.createSocket(tcp, host, port, true), host, port, room, nick);
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }

    /** Reads the next frame; its declared length must fit {@code maxPayload}. */
    static Frame readFrame(DataInputStream in, int maxPayload) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7f;
        int header = 2;
        if (len == 126) {
            len = in.readUnsignedShort();
            header += 2;
        } else if (len == 127) {
            len = in.readLong();
            header += 8;
        }
        if (len < 0 || len > maxPayload) {
            throw new IOException("frame of " + len + " bytes declared, more than " + maxPayload);
        }
        if ((b1 & 0x80) != 0) {
            in.readFully(new byte[4]); // a masked server frame breaks RFC 6455; its mask is skipped, not applied
            header += 4;
        }
        byte[] payload = in.readNBytes((int) len);
        if (payload.length < len) {
            throw new java.io.EOFException("inside a frame (" + payload.length + " of its " + len + " bytes)");
        }
        return new Frame(b0 & 0x0f, payload, header + payload.length);
    }

    private static SSLSocket join(SSLSocket s, String host, int port, String room, String nick) throws IOException {
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000);
            s.startHandshake();
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] key = new byte[16];
            ThreadLocalRandom.current().nextBytes(key);
            out.write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readHead(in);
            if (!response.startsWith("HTTP/1.1 101")) {
                throw new IOException("upgrade refused: " + response.lines().findFirst().orElse(""));
            }
            out.write(maskedText("{\"type\":\"hello\",\"protocol\":1,\"nick\":\"" + nick + "\",\"room\":\"" + room
                    + "\",\"client\":\"parley-bench\"}"));
            out.flush();
            while (true) {
                Frame f = readFrame(in, MAX_HELLO_ANSWER_BYTES);
                if (f.opcode() == Frame.CLOSE) {
                    throw new IOException(nick + " (from 127.0.0.1:" + s.getLocalPort() + ") closed by the server during hello: "
                            + f.closeCode() + " " + f.closeReason());
                }
                if (f.opcode() == Frame.TEXT
                        && new String(f.payload(), StandardCharsets.UTF_8).startsWith("{\"type\":\"welcome\"")) {
                    return s;
                }
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the upgrade");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("hello too long for a short frame");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
