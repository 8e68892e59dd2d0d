package dev.parley.relay;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.Threads;
import dev.parley.relay.testing.TrustedTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * The relay's TLS edge under stress and against clients that do unusual things with TLS, on real TLS over 127.0.0.1:
 * <ul>
 *   <li>Many slow readers receive interleaved small and large frames whole and in order.</li>
 *   <li>A client whose upgrade request and hello ride in the same write as its last handshake flight is served.</li>
 *   <li>Client-initiated TLS 1.2 renegotiation is refused (the connection ends, its member is announced gone), with
 *   or without data behind the ClientHello, and the relay keeps serving everyone else.</li>
 *   <li>A TLS 1.3 KeyUpdate from a client that is not reading does not freeze the relay.</li>
 *   <li>The relay ends TLS with close_notify when it closes a connection.</li>
 * </ul>
 * The hand-made {@link EngineClient} decides exactly which TLS records go out in which system call.
 */
class TlsEdgeIntegrationTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final int PONG = 0xA;
    private static final int CLOSE = 0x8;
    private static final int TEXT = 0x1;

    @TempDir
    Path dataDir;

    // ------------------------------------------------------------------ data integrity under load

    @Test
    void manyClientsWithSmallReceiveBuffersGetInterleavedSmallAndLargeFramesWholeAndInOrder() {
        int readerCount = 6;
        int[] receiveBuffers = {4 * 1024, 8 * 1024, 16 * 1024};
        try (TestRelay relay = TestRelay.start(dataDir)) {
            List<TestClient> readers = new ArrayList<>();
            for (int i = 0; i < readerCount; i++) {
                TestClient r = relay.connect("reader-" + i, receiveBuffers[i % receiveBuffers.length]);
                r.join("reader-" + i, "stress");
                readers.add(r);
            }
            TestClient sender = relay.join("sender", "stress");
            for (int i = 0; i < readerCount; i++) {
                readers.get(i).awaitNext(readerCount - i, Presence.class); // later readers and the sender
            }
            for (int i = 0; i < readerCount; i += 2) {
                readers.get(i).stopReading(); // their frames pile up in the relay and go out gathered
            }
            Random random = new Random(7);
            List<Object> sent = new ArrayList<>();
            int items = 96;
            for (int k = 0; k < items; k++) {
                if (k % 6 == 5) {
                    int bytes = 44 + 2 * (8_000 + random.nextInt(60_000)); // ends anywhere in a record
                    byte[] clip = Clips.ofBytes(bytes, 16_000);
                    clip[60] = (byte) k;
                    clip[bytes - 1] = (byte) (k * 31);
                    sender.voice("v-" + k, clip);
                    sent.add(clip);
                } else {
                    int length = k % 3 == 0 ? 1 + random.nextInt(3_990) : random.nextInt(40);
                    String text = k + ":" + "abcdefghij".repeat(length / 10 + 1).substring(0, length);
                    sender.chat("c-" + k, text);
                    sent.add(text);
                }
            }
            assertInOrder(sender, sent, Duration.ofSeconds(30));
            for (int i = 0; i < readerCount; i += 2) {
                readers.get(i).resumeReading();
            }
            for (TestClient r : readers) {
                assertInOrder(r, sent, Duration.ofSeconds(30));
            }
        }
    }

    private static void assertInOrder(TestClient c, List<Object> sent, Duration timeout) {
        List<Object> got = c.awaitItems(sent.size(), timeout);
        for (int k = 0; k < sent.size(); k++) {
            Object expected = sent.get(k);
            Object o = got.get(k);
            if (expected instanceof String text) {
                assertThat(o).as(c.label() + " item " + k).isInstanceOf(ServerMessage.Chat.class);
                ServerMessage.Chat chat = (ServerMessage.Chat) o;
                assertThat(chat.id()).as(c.label() + " item " + k).isEqualTo("c-" + k);
                assertThat(chat.text()).as(c.label() + " item " + k).isEqualTo(text);
            } else {
                assertThat(o).as(c.label() + " item " + k).isInstanceOf(ReceivedVoice.class);
                ReceivedVoice voice = (ReceivedVoice) o;
                assertThat(voice.header().id()).as(c.label() + " item " + k).isEqualTo("v-" + k);
                assertThat(voice.clip()).as(c.label() + " clip " + k).isEqualTo((byte[]) expected);
            }
        }
    }

    // ------------------------------------------------------------------ the end of the handshake

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientThatSendsItsUpgradeAndHelloWithItsLastHandshakeFlightIsServed(String protocol) throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            if (protocol.equals("TLSv1.2")) {
                // in a full TLS 1.2 handshake the relay speaks last; a resumed one ends with the client's flight
                try (EngineClient first = EngineClient.connect(relay.port(), relay.tls(), protocol, 0)) {
                    first.handshake();
                    first.upgrade(relay.port());
                }
            }
            try (EngineClient c = EngineClient.connect(relay.port(), relay.tls(), protocol, 0)) {
                byte[] lastFlight = c.handshakeHoldingLastFlight();
                assertThat(lastFlight).as("the handshake ended with the client's flight, not sent yet").isNotEmpty();
                ByteArrayOutputStream plain = new ByteArrayOutputStream();
                plain.writeBytes(EngineClient.upgradeRequest(relay.port()));
                plain.writeBytes(EngineClient.hello("early", "lobby"));
                c.send(lastFlight, c.seal(plain.toByteArray())); // one write: Finished, upgrade, hello
                c.readUpgradeAnswer();
                assertThat(c.readServerMessage()).isInstanceOf(ServerMessage.Welcome.class);
            }
        }
    }

    // ------------------------------------------------------------------ post-handshake TLS in the middle of data

    /**
     * A joined TLS 1.2 client starts a renegotiation, with or without application data behind its ClientHello. The
     * relay refuses it at once (a TLS alert instead of a new handshake: the client's engine fails within seconds rather
     * than waiting for a ServerHello), the others in the room see it leave when it goes, its nick is free at once, and
     * new clients are still served.
     */
    @ParameterizedTest(name = "data behind the ClientHello: {0}")
    @ValueSource(booleans = {false, true})
    void aTls12RenegotiationFromAClientIsRefusedAndTheRelayKeepsServing(boolean dataBehind) throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
             EngineClient c = EngineClient.connect(relay.port(), relay.tls(), "TLSv1.2", 0)) {
            c.handshake();
            c.upgrade(relay.port());
            c.send(c.seal(EngineClient.hello("renegotiator", "reneg")));
            assertThat(c.readServerMessage()).isInstanceOf(ServerMessage.Welcome.class);
            TestClient witness = relay.join("witness", "reneg");
            assertThat(c.readServerMessage()).isInstanceOf(Presence.class);

            byte[] clientHello = c.kick();
            assertThat(c.engine.getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_UNWRAP);
            if (dataBehind) {
                ByteArrayOutputStream pongs = new ByteArrayOutputStream();
                byte[] payload = new byte[125];
                for (int i = 0; i < 320; i++) { // 42 KB of plaintext behind the ClientHello
                    pongs.writeBytes(EngineClient.maskedFrame(PONG, payload));
                }
                c.send(clientHello, c.seal(pongs.toByteArray()));
            } else {
                c.send(clientHello);
            }
            long start = System.nanoTime();
            assertThat(c.readToEnd()).as("no renegotiated session, no close_notify: a refusal").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            c.close(); // BoringSSL answers with a no_renegotiation alert and would keep the connection; JDK TLS ends it
            Presence left = witness.awaitNext(Presence.class);
            assertThat(left.event()).isEqualTo(Presence.Event.LEAVE);
            assertThat(left.nick()).isEqualTo("renegotiator");
            probe(relay, "after refusing a renegotiation");
            // the nick is free at once
            assertThat(relay.join("renegotiator", "reneg").welcome().members()).contains("renegotiator", "witness");
        }
    }

    /**
     * A TLS 1.3 client that is not reading (the relay holds a backlog for it) sends a KeyUpdate that asks for one back,
     * between two frames. The relay must still read the frame behind it and keep serving everyone else.
     */
    @Test
    void aTls13KeyUpdateFromAClientThatIsNotReadingDoesNotFreezeTheRelay() throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir)) {
            EngineClient c = EngineClient.connect(relay.port(), relay.tls(), "TLSv1.3", 4 * 1024);
            try {
                c.handshake();
                c.upgrade(relay.port());
                c.send(c.seal(EngineClient.hello("quiet", "flood")));
                assertThat(c.readServerMessage()).isInstanceOf(ServerMessage.Welcome.class);
                TestClient sender = relay.join("sender", "flood");
                for (int k = 0; k < 4; k++) { // 1 MiB for a client that reads nothing
                    byte[] clip = Clips.ofBytes(256 * 1024, 16_000);
                    clip[100] = (byte) k;
                    sender.voice("v-" + k, clip);
                    assertThat(sender.awaitNext(ReceivedVoice.class, Duration.ofSeconds(10)).header().id()).isEqualTo("v-" + k);
                }
                byte[] pong = EngineClient.maskedFrame(PONG, "still here".getBytes(StandardCharsets.US_ASCII));
                c.send(c.seal(pong), c.kick(), c.seal(pong)); // frame, KeyUpdate(update_requested), frame: one write
                probe(relay, "after a KeyUpdate from a client that is not reading");
                sender.chat("c-1", "the room still flows");
                assertThat(sender.awaitNext(ServerMessage.Chat.class).seq()).isEqualTo(5);
            } finally {
                c.close();
            }
        }
    }

    // ------------------------------------------------------------------ close_notify

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theRelayEndsTlsWithCloseNotifyWhenItClosesAConnection(String protocol) throws Exception {
        try (TestRelay relay = TestRelay.start(dataDir);
             EngineClient c = EngineClient.connect(relay.port(), relay.tls(), protocol, 0)) {
            c.handshake();
            c.upgrade(relay.port());
            c.send(c.seal(EngineClient.maskedFrame(CLOSE, new byte[] {0x03, (byte) 0xE8}))); // 1000
            EngineClient.Frame answer = c.readFrame();
            assertThat(answer.opcode()).isEqualTo(CLOSE);
            assertThat(c.readToEnd()).as("close_notify before the end of the TCP stream").isTrue();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A new client must be able to connect, upgrade and join promptly. */
    private static void probe(TestRelay relay, String when) {
        long start = System.nanoTime();
        try (EngineClient p = EngineClient.connect(relay.port(), relay.tls(), "TLSv1.3", 0)) {
            p.socket.setSoTimeout((int) PROBE_TIMEOUT.toMillis());
            p.handshake();
            p.upgrade(relay.port());
            p.send(p.seal(EngineClient.hello("probe", "probe-room")));
            assertThat(p.readServerMessage()).isInstanceOf(ServerMessage.Welcome.class);
        } catch (IOException e) {
            fail("the relay did not serve a new client " + when + " (gave up after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms: " + e + ")");
        }
    }

    /**
     * A blocking TLS client on an {@link SSLEngine} over a plain socket. Unlike an {@code SSLSocket} it decides which
     * records go out together in one system call, and it can start a renegotiation (TLS 1.2) or a KeyUpdate (TLS 1.3)
     * and send data behind it without waiting.
     */
    static final class EngineClient implements AutoCloseable {
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
        private static final SecureRandom RANDOM = new SecureRandom();

        final Socket socket;
        final SSLEngine engine;
        private final InputStream in;
        private final OutputStream out;
        private final ByteBuffer netIn = ByteBuffer.allocate(1 << 18).limit(0);
        private final ByteBuffer appIn = ByteBuffer.allocate(1 << 18).limit(0);
        private boolean closeNotify;

        record Frame(int opcode, byte[] payload) {
        }

        private EngineClient(Socket socket, SSLEngine engine) throws IOException {
            this.socket = socket;
            this.engine = engine;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static EngineClient connect(int port, SSLContext tls, String protocol, int receiveBufferBytes) throws IOException {
            Socket s = new Socket();
            if (receiveBufferBytes > 0) {
                s.setReceiveBufferSize(receiveBufferBytes);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            SSLEngine e = tls.createSSLEngine("127.0.0.1", port);
            e.setUseClientMode(true);
            SSLParameters p = e.getSSLParameters();
            p.setProtocols(new String[] {protocol});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            e.setSSLParameters(p);
            return new EngineClient(s, e);
        }

        void handshake() throws IOException {
            byte[] rest = handshakeHoldingLastFlight();
            if (rest.length > 0) {
                send(rest);
            }
        }

        /** The TLS handshake; returns the client's last flight, unsent, when the handshake ended with it. */
        byte[] handshakeHoldingLastFlight() throws IOException {
            engine.beginHandshake();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> pending.writeBytes(wrapRecord(EMPTY));
                    case NEED_TASK -> runTasks();
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (pending.size() > 0) {
                            send(pending.toByteArray());
                            pending.reset();
                        }
                        if (!unwrapRecord()) {
                            throw new EOFException("the relay closed during the TLS handshake");
                        }
                    }
                    default -> {
                        return pending.toByteArray();
                    }
                }
            }
        }

        /** Starts a renegotiation (TLS 1.2) or a KeyUpdate (TLS 1.3); returns its records, unsent. */
        byte[] kick() throws IOException {
            engine.beginHandshake();
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while (true) {
                HandshakeStatus hs = engine.getHandshakeStatus();
                if (hs == HandshakeStatus.NEED_WRAP) {
                    o.writeBytes(wrapRecord(EMPTY));
                } else if (hs == HandshakeStatus.NEED_TASK) {
                    runTasks();
                } else {
                    return o.toByteArray();
                }
            }
        }

        /** All of {@code plain} as TLS records, unsent. */
        byte[] seal(byte[] plain) throws IOException {
            ByteBuffer src = ByteBuffer.wrap(plain);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            while (src.hasRemaining()) {
                int before = src.remaining();
                byte[] record = wrapRecord(src);
                if (record.length == 0 && src.remaining() == before) {
                    if (engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK) {
                        throw new SSLException("the engine wraps nothing: " + engine.getHandshakeStatus());
                    }
                    runTasks();
                }
                o.writeBytes(record);
            }
            return o.toByteArray();
        }

        private byte[] wrapRecord(ByteBuffer src) throws SSLException {
            ByteBuffer o = ByteBuffer.allocate(engine.getSession().getPacketBufferSize() + 4096);
            SSLEngineResult r = engine.wrap(src, o);
            if (r.getStatus() != SSLEngineResult.Status.OK) {
                throw new SSLException("wrap: " + r);
            }
            return Arrays.copyOf(o.array(), o.position());
        }

        private void runTasks() {
            Runnable task;
            while ((task = engine.getDelegatedTask()) != null) {
                task.run();
            }
        }

        /** Writes the parts with one system call. */
        void send(byte[]... parts) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                all.writeBytes(p);
            }
            out.write(all.toByteArray());
            out.flush();
        }

        /** Reads whatever the socket has (at least one byte) into the TLS input, without decrypting it. */
        void awaitSomeBytes() throws IOException {
            if (!readSocket()) {
                throw new EOFException("the relay closed the connection");
            }
        }

        /** Unwraps one record, reading the socket when needed; false at close_notify or at the end of the stream. */
        boolean unwrapRecord() throws IOException {
            while (true) {
                appIn.compact();
                SSLEngineResult r;
                try {
                    r = engine.unwrap(netIn, appIn);
                } finally {
                    appIn.flip();
                }
                switch (r.getStatus()) {
                    case OK -> {
                        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                            runTasks();
                        }
                        if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                            return true;
                        }
                        if (!readSocket()) {
                            return false;
                        }
                    }
                    case CLOSED -> {
                        closeNotify = true;
                        return false;
                    }
                    case BUFFER_UNDERFLOW -> {
                        if (!readSocket()) {
                            return false;
                        }
                    }
                    case BUFFER_OVERFLOW -> throw new IllegalStateException("the client's buffer is too small");
                }
            }
        }

        private boolean readSocket() throws IOException {
            netIn.compact();
            try {
                int n = in.read(netIn.array(), netIn.position(), netIn.remaining());
                if (n < 0) {
                    return false;
                }
                netIn.position(netIn.position() + n);
                return true;
            } finally {
                netIn.flip();
            }
        }

        int readPlainByte() throws IOException {
            while (!appIn.hasRemaining()) {
                if (!unwrapRecord()) {
                    return -1;
                }
            }
            return appIn.get() & 0xff;
        }

        private int readPlainByteOrFail() throws IOException {
            int b = readPlainByte();
            if (b < 0) {
                throw new EOFException("the relay closed the connection");
            }
            return b;
        }

        /** Reads to the end of the stream; returns whether it ended with close_notify. */
        boolean readToEnd() throws IOException {
            try {
                while (unwrapRecord()) {
                    appIn.position(appIn.limit());
                }
            } catch (SocketException | SSLException abrupt) {
                return false;
            }
            return closeNotify;
        }

        void upgrade(int port) throws IOException {
            send(seal(upgradeRequest(port)));
            readUpgradeAnswer();
        }

        void readUpgradeAnswer() throws IOException {
            StringBuilder head = new StringBuilder();
            while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
                head.append((char) readPlainByteOrFail());
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new IOException("unexpected upgrade answer: " + head);
            }
        }

        Frame readFrame() throws IOException {
            int b0 = readPlainByteOrFail();
            int b1 = readPlainByteOrFail();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readPlainByteOrFail() << 8) | readPlainByteOrFail();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readPlainByteOrFail();
                }
            }
            byte[] payload = new byte[(int) length];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) readPlainByteOrFail();
            }
            return new Frame(b0 & 0x0f, payload);
        }

        ServerMessage readServerMessage() throws IOException {
            Frame f = readFrame();
            if (f.opcode() != TEXT) {
                throw new IOException("expected a text frame, got opcode " + f.opcode());
            }
            try {
                return ServerCodec.decode(new String(f.payload(), StandardCharsets.UTF_8));
            } catch (ProtocolException e) {
                throw new IOException("undecodable: " + e.getMessage(), e);
            }
        }

        static byte[] upgradeRequest(int port) {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            return ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        static byte[] hello(String nick, String room) {
            String json = ClientCodec.encode(new ClientMessage.Hello(Protocol.VERSION, nick, room, null, null, "tls-stress"));
            return maskedFrame(TEXT, json.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] maskedFrame(int opcode, byte[] payload) {
            return RawWebSocketClient.maskedFrame(opcode, payload);
        }

        @Override
        public void close() throws IOException {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
                socket.close();
            }
        }
    }
}
