package dev.parley.bench;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A minimal blocking WebSocket client for holding many idle members without a thread each: TLS handshake,
 * HTTP upgrade, masked {@code hello}, read frames up to the {@code welcome}, then leave the socket alone.
 */
final class RawJoin {
    private RawJoin() {
    }

    static SSLSocket join(SSLSocketFactory tls, String host, int port, String room, String nick) throws IOException {
        SSLSocket s = (SSLSocket) tls.createSocket(host, port);
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
                int b0 = in.readUnsignedByte();
                long len = in.readUnsignedByte() & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = in.readNBytes((int) len);
                int opcode = b0 & 0x0f;
                if (opcode == 8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 0;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    throw new IOException(nick + " (from 127.0.0.1:" + s.getLocalPort() + ") closed by the server during hello: "
                            + code + " " + reason);
                }
                if (opcode == 1 && new String(payload, StandardCharsets.UTF_8).startsWith("{\"type\":\"welcome\"")) {
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
