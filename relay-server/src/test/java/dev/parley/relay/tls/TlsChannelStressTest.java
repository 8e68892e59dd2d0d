package dev.parley.relay.tls;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.JsonCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.relay.ParleyRelay;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.RawWebSocketClient;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import dev.parley.relay.testing.Threads;
import dev.parley.relay.testing.TrustedTls;
import org.java_websocket.SocketChannelIOHelper;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.server.WebSocketServer;
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
 * Stress and regression tests for the relay's own TLS channel ({@link TlsChannel}), on real TLS over 127.0.0.1.
 * <ul>
 *   <li>Many slow readers receive interleaved small and large frames whole and in order (gathered records,
 *   partial writes, the "one byte short" deferral).</li>
 *   <li>A client whose upgrade request and hello ride in the same write as its last handshake flight is served.</li>
 *   <li>{@code close()} from another thread while the selector thread writes: no corrupted record, no buffer given
 *   back to the pool twice, nothing held after close.</li>
 *   <li>Post-handshake TLS traffic in the middle of application data (TLS 1.2 renegotiation, TLS 1.3 KeyUpdate):
 *   the selector thread neither freezes nor spins.</li>
 *   <li>The relay ends TLS with close_notify when it closes a connection.</li>
 * </ul>
 * The hand-made {@link EngineClient} decides exactly which TLS records go out in which system call.
 */
class TlsChannelStressTest {
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

    // ------------------------------------------------------------------ close() racing with writes

    @Test
    void closeFromAnotherThreadWhileTheSelectorThreadWritesCorruptsNothingAndGivesEachBufferBackOnce() throws Exception {
        RelayIdentity identity = RelayIdentity.loadOrGenerate(dataDir);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity.keyStore(), identity.password());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        SSLContext clientTls = TrustedTls.trusting(identity.certificate());
        BufferPool pool = new BufferPool(10_000);
        Random random = new Random(11);
        WebSocketListener quiet = (WebSocketListener) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketListener.class}, (proxy, method, args) -> defaultValue(method.getReturnType()));

        for (int round = 0; round < 16; round++) {
            String protocol = round % 2 == 0 ? "TLSv1.3" : "TLSv1.2";
            try (ServerSocketChannel listener = ServerSocketChannel.open();
                 Selector selector = Selector.open()) {
                listener.bind(new InetSocketAddress("127.0.0.1", 0));
                int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
                EngineClient client = EngineClient.connect(port, clientTls, protocol, 8 * 1024);
                SocketChannel accepted = listener.accept();
                accepted.configureBlocking(false);
                WebSocketImpl ws = new WebSocketImpl(quiet, new Draft_6455());
                SelectionKey key = accepted.register(selector, SelectionKey.OP_READ, ws);
                SSLEngine engine = serverTls.createSSLEngine();
                engine.setUseClientMode(false);
                TlsChannel tls = new TlsChannel(accepted, engine, key, pool);

                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> selectorFailure = new AtomicReference<>();
                Thread selectorThread = new Thread(() -> {
                    try {
                        selectorLoop(selector, key, ws, tls, stop);
                    } catch (IOException | CancelledKeyException expected) {
                        // what Java-WebSocket's selector loop catches and turns into a closed connection
                    } catch (Throwable t) {
                        selectorFailure.set(t);
                    }
                }, "fake-selector-" + round);
                selectorThread.start();

                AtomicLong verified = new AtomicLong();
                AtomicBoolean handshook = new AtomicBoolean();
                AtomicReference<Throwable> clientFailure = new AtomicReference<>();
                Thread reader = new Thread(() -> {
                    try {
                        client.handshake();
                        handshook.set(true);
                        long expected = 0;
                        int b;
                        while ((b = client.readPlainByte()) >= 0) {
                            if (b != (patternByte(expected) & 0xff)) {
                                throw new AssertionError("byte " + expected + " is " + b + ", not "
                                        + (patternByte(expected) & 0xff));
                            }
                            verified.set(++expected);
                        }
                    } catch (SocketException | EOFException closed) {
                        // the relay side closed in the middle of a record: a close, not a corruption
                    } catch (Throwable t) {
                        clientFailure.set(t);
                    }
                }, "stream-reader-" + round);
                reader.start();
                // Java-WebSocket queues nothing before the TLS and WebSocket handshakes are done
                await().atMost(Duration.ofSeconds(10)).until(() -> handshook.get() || !reader.isAlive());

                // frames of mixed sizes, queued as Java-WebSocket's send does, while the channel writes them
                long offset = 0;
                long closeAfter = 20_000 + random.nextInt(400_000);
                while (verified.get() < closeAfter && reader.isAlive() && offset < 8_000_000) {
                    int size = random.nextInt(8) == 0 ? 1 + random.nextInt(70_000) : 1 + random.nextInt(300);
                    byte[] frame = new byte[size];
                    for (int i = 0; i < size; i++) {
                        frame[i] = patternByte(offset + i);
                    }
                    offset += size;
                    ws.outQueue.add(ByteBuffer.wrap(frame));
                    try {
                        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    } catch (CancelledKeyException e) {
                        break;
                    }
                    selector.wakeup();
                    while (ws.outQueue.size() > 64 && reader.isAlive() && verified.get() < closeAfter) {
                        Thread.yield(); // back-pressure, so that the close lands while frames are in flight
                    }
                }
                // WebSocketImpl.closeConnection from a timer: cancel the key, close the channel
                key.cancel();
                tls.close();
                stop.set(true);
                selector.wakeup();
                selectorThread.join(5_000);
                reader.join(10_000);
                client.close();

                assertThat(selectorThread.isAlive()).as("round %d: the selector thread ended", round).isFalse();
                assertThat(reader.isAlive()).as("round %d: the reader ended", round).isFalse();
                assertThat(selectorFailure.get()).as("round %d: selector thread", round).isNull();
                assertThat(clientFailure.get()).as("round %d (%s): the client read a corrupted stream", round, protocol)
                        .isNull();
                assertThat(tls.bufferedCapacity()).as("round %d: buffers held after close", round).isZero();
            }
        }
        assertNoBufferTwiceInThePool(pool);
    }

    /** Java-WebSocket's selector loop for one connection, reduced to the calls it makes on a wrapped channel. */
    private static void selectorLoop(Selector selector, SelectionKey key, WebSocketImpl ws, TlsChannel tls,
                                     AtomicBoolean stop) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024); // Java-WebSocket 1.6.0 reads into 64 KiB buffers
        while (!stop.get()) {
            selector.select(100);
            Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
            while (selected.hasNext()) {
                SelectionKey k = selected.next();
                selected.remove();
                if (!k.isValid()) {
                    continue;
                }
                if (k.isReadable()) {
                    buf.clear();
                    int n = tls.read(buf);
                    if (n < 0) {
                        return;
                    }
                    if (n > 0) {
                        int rounds = 0;
                        while (tls.isNeedRead()) {
                            buf.clear();
                            if (tls.readMore(buf) < 0) {
                                return;
                            }
                            if (++rounds > 10_000) {
                                throw new AssertionError("readMore loops without end");
                            }
                        }
                    }
                }
                if (k.isValid() && k.isWritable()) {
                    if (SocketChannelIOHelper.batch(ws, tls) && k.isValid()) {
                        k.interestOps(SelectionKey.OP_READ);
                    }
                }
            }
        }
    }

    private static byte patternByte(long i) {
        return (byte) (i * 131 + (i >>> 9) * 7 + 3);
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return 0;
        }
        return null;
    }

    private static void assertNoBufferTwiceInThePool(BufferPool pool) throws ReflectiveOperationException {
        Field freeField = BufferPool.class.getDeclaredField("free");
        freeField.setAccessible(true);
        Map<?, ?> free = (Map<?, ?>) freeField.get(pool);
        Set<ByteBuffer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int total = 0;
        for (Object f : free.values()) {
            Field buffersField = f.getClass().getDeclaredField("buffers");
            buffersField.setAccessible(true);
            for (Object b : (Queue<?>) buffersField.get(f)) {
                total++;
                assertThat(seen.add((ByteBuffer) b)).as("a buffer is in the pool twice (given back twice)").isTrue();
            }
        }
        assertThat(total).as("buffers went back to the pool").isPositive();
    }

    // ------------------------------------------------------------------ post-handshake TLS in the middle of data

    /**
     * A TLS 1.2 client starts a renegotiation and keeps sending application data behind its ClientHello. The relay
     * must keep serving everyone else (the channel must not loop on a full plaintext buffer it never drains).
     */
    @Test
    void aTls12RenegotiationWithApplicationDataBehindItDoesNotFreezeTheRelay() throws Exception {
        Set<Thread> before = Threads.live();
        TestRelay relay = TestRelay.start(dataDir);
        List<Thread> relayThreads = Threads.startedSince(before);
        boolean served = false;
        try (EngineClient c = EngineClient.connect(relay.port(), relay.tls(), "TLSv1.2", 0)) {
            c.handshake();
            c.upgrade(relay.port());
            byte[] clientHello = c.kick();
            assertThat(c.engine.getHandshakeStatus()).isEqualTo(HandshakeStatus.NEED_UNWRAP);
            ByteArrayOutputStream pongs = new ByteArrayOutputStream();
            byte[] payload = new byte[125];
            for (int i = 0; i < 320; i++) { // 42 KB of plaintext: more than one plaintext buffer holds
                pongs.writeBytes(EngineClient.maskedFrame(PONG, payload));
            }
            c.send(clientHello, c.seal(pongs.toByteArray()));
            probe(relay, "while a client renegotiates TLS 1.2 with data behind its ClientHello");
            served = true;
        } finally {
            if (!served) {
                stopStuckSelector(relayThreads);
            }
            relay.close();
        }
    }

    /**
     * A TLS 1.2 client starts a renegotiation and never finishes it while the relay has a frame for it. Waiting for
     * the client must not keep the selector thread busy (write interest with a write that never makes progress).
     */
    @Test
    void aTls12RenegotiationTheClientNeverFinishesDoesNotSpinTheSelector() throws Exception {
        Set<Thread> before = Threads.live();
        try (TestRelay relay = TestRelay.start(dataDir)) {
            List<Thread> relayThreads = Threads.startedSince(before);
            try (EngineClient c = EngineClient.connect(relay.port(), relay.tls(), "TLSv1.2", 0)) {
                c.handshake();
                c.upgrade(relay.port());
                c.send(c.seal(EngineClient.hello("stalled", "reneg")));
                assertThat(c.readServerMessage()).isInstanceOf(ServerMessage.Welcome.class);
                TestClient poker = relay.join("poker", "reneg");
                assertThat(c.readServerMessage()).isInstanceOf(Presence.class);
                c.send(c.kick());
                c.awaitSomeBytes(); // the relay answered the ClientHello: it now waits for the client's next flight
                poker.chat("c-1", "anyone?");
                poker.awaitNext(ServerMessage.Chat.class); // the relay has queued the chat for the stalled client too

                long cpuBefore = Threads.cpuNanos(relayThreads);
                long start = System.nanoTime();
                await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(4)).until(() -> !c.socket.isClosed());
                long window = System.nanoTime() - start;
                long cpu = Threads.cpuNanos(relayThreads) - cpuBefore;
                assertThat(cpu).as("relay CPU in %d ms while a renegotiation waits for the client (threads %s)",
                        window / 1_000_000, Threads.describe(relayThreads)).isLessThan(window / 4);
                probe(relay, "while a renegotiation waits for the client");
            }
        }
    }

    /**
     * A TLS 1.3 client that is not reading (the relay's ciphertext buffer for it is full) sends a KeyUpdate that asks
     * for one back, between two frames. The relay cannot wrap its KeyUpdate yet; it must still read the frame behind
     * it and keep serving everyone else (Java-WebSocket calls readMore for as long as isNeedRead says so).
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
                WebSocketImpl conn = connectionOf(relay, c);
                TlsChannel tls = (TlsChannel) conn.getChannel();
                // A small send buffer on the relay's side makes the state below certain; with the auto-tuned default
                // it depends on how much the last partial write took (about one time in four here).
                ((SocketChannel) conn.getSelectionKey().channel()).setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                TestClient sender = relay.join("sender", "flood");
                for (int k = 0; k < 4; k++) { // 1 MiB for a client that reads nothing
                    byte[] clip = Clips.ofBytes(256 * 1024, 16_000);
                    clip[100] = (byte) k;
                    sender.voice("v-" + k, clip);
                    assertThat(sender.awaitNext(ReceivedVoice.class, Duration.ofSeconds(10)).header().id()).isEqualTo("v-" + k);
                }
                await("the relay's ciphertext buffer for the quiet client is full").atMost(Duration.ofSeconds(5))
                        .until(() -> ciphertextBufferFull(tls));
                byte[] pong = EngineClient.maskedFrame(PONG, "still here".getBytes(StandardCharsets.US_ASCII));
                c.send(c.seal(pong), c.kick(), c.seal(pong)); // frame, KeyUpdate(update_requested), frame: one write
                probe(relay, "after a KeyUpdate from a client that is not reading");
            } finally {
                c.close(); // resets the connection: that ends a spinning read loop if there is one
            }
        }
    }

    private static WebSocketImpl connectionOf(TestRelay relay, EngineClient c) throws ReflectiveOperationException {
        Field serverField = ParleyRelay.class.getDeclaredField("server");
        serverField.setAccessible(true);
        WebSocketServer server = (WebSocketServer) serverField.get(relay.relay());
        for (WebSocket ws : server.getConnections()) {
            if (ws.getRemoteSocketAddress().getPort() == c.socket.getLocalPort()) {
                return (WebSocketImpl) ws;
            }
        }
        throw new AssertionError("the relay has no connection from port " + c.socket.getLocalPort());
    }

    /** Whether the channel's pending ciphertext leaves less room than one record: the next wrap overflows. */
    private static boolean ciphertextBufferFull(TlsChannel tls) throws ReflectiveOperationException {
        Field netOutField = TlsChannel.class.getDeclaredField("netOut");
        netOutField.setAccessible(true);
        synchronized (tls) {
            ByteBuffer netOut = (ByteBuffer) netOutField.get(tls);
            return netOut != null
                    && netOut.capacity() - netOut.remaining() < tls.getSSLEngine().getSession().getPacketBufferSize();
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
     * When the relay's selector thread is stuck in an endless loop (it holds the channel's lock, so nothing can close
     * that connection), stops it so that the rest of the test run is not slowed down. Only on JDKs that still can.
     */
    @SuppressWarnings({"deprecation", "removal"})
    private static void stopStuckSelector(List<Thread> relayThreads) {
        for (Thread t : relayThreads) {
            if (t.getName().startsWith("WebSocketSelector") && t.isAlive()) {
                try {
                    t.stop();
                } catch (UnsupportedOperationException notAnyMore) {
                    // JDK 20+: the thread keeps spinning until the JVM ends
                }
            }
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
                return JsonCodec.decodeServer(new String(f.payload(), StandardCharsets.UTF_8));
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
            String json = JsonCodec.encode(new ClientMessage.Hello(Protocol.VERSION, nick, room, null, null, "tls-stress"));
            return maskedFrame(TEXT, json.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] maskedFrame(int opcode, byte[] payload) {
            return RawWebSocketClient.maskedFrame(opcode, payload);
        }

        @Override
        public void close() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }
}
