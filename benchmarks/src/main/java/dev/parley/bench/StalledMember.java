package dev.parley.bench;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * A member that joins (TLS, upgrade, {@code hello}, welcome) over a TCP connection with a small receive buffer and
 * then reads nothing, so everything sent to it piles up in the server. {@link #readToEnd} reads it afterwards, to
 * see what the server finally sent: its close frame, if that got out, and how many bytes came before it.
 */
final class StalledMember implements AutoCloseable {
    /** Largest frame {@link #readToEnd} accepts: a clip frame is about 320 kB, the relay's limit a few MB. */
    private static final int MAX_FRAME_BYTES = 64 << 20;

    /**
     * What the socket held when read to its end.
     *
     * @param closeCode   the close frame's code, or -1 if the connection ended (or went silent) without one
     * @param closeReason the close frame's reason ("" without one)
     * @param ending      how reading stopped, in words (after the close frame, if there was one)
     * @param bytes       decrypted bytes received after the welcome (frame headers and payloads, a partial last
     *                    frame included)
     * @param clips       whole binary frames among them
     */
    record End(int closeCode, String closeReason, String ending, long bytes, int clips) {
        String close() {
            return closeCode < 0 ? "no close frame" : closeCode + (closeReason.isEmpty() ? "" : " \"" + closeReason + "\"");
        }
    }

    private final SSLSocket socket;

    private StalledMember(SSLSocket socket) {
        this.socket = socket;
    }

    static StalledMember join(SSLSocketFactory tls, ChildServer server, String room, String nick, int receiveBufferBytes)
            throws IOException {
        return new StalledMember(RawJoin.join(tls, server.host, server.port, room, nick, receiveBufferBytes));
    }

    /** The receive buffer the socket reports (SO_RCVBUF as Java reads it back). */
    int receiveBufferBytes() throws IOException {
        return socket.getReceiveBufferSize();
    }

    /**
     * Reads frames until the connection ends or stays silent for {@code silenceMillis}; after a close frame, reads on
     * only to see how the connection then ends (the relay drops it on its own, without waiting for an answer).
     */
    End readToEnd(int silenceMillis) throws IOException {
        socket.setSoTimeout(silenceMillis);
        Counting counted = new Counting(socket.getInputStream());
        DataInputStream in = new DataInputStream(counted);
        int clips = 0;
        int code = -1;
        String reason = "";
        String ending;
        try {
            while (true) {
                RawJoin.Frame f = RawJoin.readFrame(in, MAX_FRAME_BYTES);
                if (code >= 0) {
                    continue; // nothing may follow a close frame; read on only to the end of the connection
                }
                if (f.opcode() == 2) {
                    clips++;
                } else if (f.opcode() == RawJoin.Frame.CLOSE) {
                    code = f.closeCode();
                    reason = f.closeReason();
                }
            }
        } catch (EOFException e) {
            ending = "the connection ended" + (e.getMessage() == null ? "" : ", " + e.getMessage());
        } catch (SocketTimeoutException e) {
            ending = "still open, nothing more for " + silenceMillis / 1000.0 + " s";
        } catch (IOException e) {
            ending = "the connection failed: " + e;
        }
        return new End(code, reason, ending, counted.bytes, clips);
    }

    /** Counts the bytes read through it. */
    private static final class Counting extends FilterInputStream {
        long bytes;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
