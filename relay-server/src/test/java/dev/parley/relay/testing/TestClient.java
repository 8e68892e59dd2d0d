package dev.parley.relay.testing;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.VoiceFrame;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real protocol client over TLS ({@link WebSocketClient}) that trusts exactly the relay's certificate, with
 * hostname verification on. Everything the relay sends is decoded with the shared codec and queued in arrival
 * order: {@link ServerMessage}s for text frames, {@link ReceivedVoice} for binary frames, {@link Undecodable}
 * for anything the codec refuses. {@link #awaitNext} is strict: the next frame must be of the expected kind.
 */
public final class TestClient extends WebSocketClient {
    /** How long a test waits for an event that should come promptly. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private record Received(Object item, String raw) {
    }

    private final String label;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<Exception> errors = new ArrayList<>();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private volatile CountDownLatch readGate;
    private volatile String closeReason;
    private volatile boolean closedByRelay;
    private volatile String lastRaw;
    private ServerMessage.Welcome welcome;

    private TestClient(URI uri, SSLContext tls, String label, int receiveBufferBytes) {
        super(uri);
        this.label = label;
        setSocketFactory(tls.getSocketFactory());
        setConnectionLostTimeout(0);
        setTcpNoDelay(true);
        if (receiveBufferBytes > 0) {
            setReceiveBufferSize(receiveBufferBytes);
        }
    }

    /** Opens a connection (TLS and WebSocket handshakes done) or fails. */
    public static TestClient connect(URI uri, SSLContext tls, String label) {
        return connect(uri, tls, label, 0);
    }

    /** Opens a connection whose socket receive buffer is fixed at {@code receiveBufferBytes} (0: the OS default). */
    public static TestClient connect(URI uri, SSLContext tls, String label, int receiveBufferBytes) {
        TestClient c = new TestClient(uri, tls, label, receiveBufferBytes);
        try {
            if (!c.connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(label + ": could not connect to " + uri + ": " + c.errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return c;
    }

    public String label() {
        return label;
    }

    // ------------------------------------------------------------------ sending

    public TestClient hello(String nick, String room) {
        return hello(nick, room, null);
    }

    public TestClient hello(String nick, String room, Long since) {
        return send(new ClientMessage.Hello(Protocol.VERSION, nick, room, since, null, "parley-relay-tests"));
    }

    public TestClient send(ClientMessage message) {
        send(ClientCodec.encode(message));
        return this;
    }

    /** Sends hello (no {@code since}) and consumes the welcome, which it returns. */
    public ServerMessage.Welcome join(String nick, String room) {
        return join(nick, room, null);
    }

    public ServerMessage.Welcome join(String nick, String room, Long since) {
        return join(new ClientMessage.Hello(Protocol.VERSION, nick, room, since, null, "parley-relay-tests"));
    }

    /** Sends hello and consumes the welcome, which it returns. */
    public ServerMessage.Welcome join(ClientMessage.Hello hello) {
        send(hello);
        welcome = awaitNext(ServerMessage.Welcome.class);
        return welcome;
    }

    /** The welcome {@link #join} consumed. */
    public ServerMessage.Welcome welcome() {
        return welcome;
    }

    public TestClient chat(String id, String text) {
        return send(new ClientMessage.Chat(id, text));
    }

    public TestClient typing(TypingState state) {
        return send(new ClientMessage.Typing(state));
    }

    public TestClient history(long before, int limit) {
        return send(new ClientMessage.History(before, limit));
    }

    /** Sends a voice frame: header {@code {"type":"voice","id":...}} and the clip. */
    public TestClient voice(String id, byte[] wav) {
        send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice(id)), wav));
        return this;
    }

    /** Sends hello asking for protocol 2 (live voice) and consumes the welcome, which it returns. */
    public ServerMessage.Welcome joinLive(String nick, String room) {
        return join(new ClientMessage.Hello(Protocol.VERSION_2, nick, room, null, null, "parley-relay-tests"));
    }

    /** Sends hello asking for protocol 3 (played receipts) and consumes the welcome, which it returns. */
    public ServerMessage.Welcome joinReceipts(String nick, String room, Long since, Long playedSince) {
        return join(new ClientMessage.Hello(Protocol.VERSION_3, nick, room, since, null, "parley-relay-tests",
                playedSince));
    }

    /** Says this client played voice message {@code seq} (protocol 3). */
    public TestClient played(long seq) {
        return send(new ClientMessage.Played(seq));
    }

    /** Opens a live stream of 16-bit PCM. */
    public TestClient voiceStart(String id, int sampleRate, int channels) {
        return send(new ClientMessage.VoiceStart(id, VoiceCodec.PCM16, sampleRate, channels));
    }

    /** Sends chunk {@code n} of live stream {@code id}: a binary frame whose payload is raw PCM. */
    public TestClient voiceChunk(String id, long n, byte[] pcm) {
        send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk(id, n)), pcm));
        return this;
    }

    public TestClient voiceEnd(String id) {
        return send(new ClientMessage.VoiceEnd(id));
    }

    public TestClient voiceCancel(String id) {
        return send(new ClientMessage.VoiceCancel(id));
    }

    /** Sends a text frame exactly as given. */
    public TestClient sendRaw(String text) {
        send(text);
        return this;
    }

    /** Sends a binary frame exactly as given. */
    public TestClient sendRaw(ByteBuffer frame) {
        send(frame);
        return this;
    }

    // ------------------------------------------------------------------ receiving

    /** Waits for the next frame, which must be a {@code type}. */
    public <T> T awaitNext(Class<T> type) {
        return awaitNext(type, WAIT);
    }

    public <T> T awaitNext(Class<T> type, Duration timeout) {
        Received r = poll(timeout, type.getSimpleName());
        if (!type.isInstance(r.item())) {
            throw new AssertionError(label + ": expected " + type.getSimpleName() + " but received " + r.raw());
        }
        return type.cast(r.item());
    }

    /** The next {@code n} frames, which must all be {@code type}. */
    public <T> List<T> awaitNext(int n, Class<T> type) {
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(awaitNext(type, WAIT));
        }
        return out;
    }

    /** The next {@code n} frames, of any kind. */
    public List<Object> awaitItems(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "item " + (i + 1) + " of " + n).item());
        }
        return out;
    }

    /** The JSON text (for voice, the header) of the frame returned last. */
    public String lastRaw() {
        return lastRaw;
    }

    /** WebSocket messages received so far (text and binary; not pings or the close), taken or not. */
    public long framesReceived() {
        return framesReceived.get();
    }

    /** Payload bytes of {@link #framesReceived()}. */
    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** Frames received and not yet taken. */
    public int pending() {
        return received.size();
    }

    private Received poll(Duration timeout, String expected) {
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            Received r = null;
            // poll in slices so that a connection the relay closed fails the wait at once
            while (r == null && System.nanoTime() < deadline && !(closed.isDone() && received.isEmpty())) {
                r = received.poll(Math.min(50, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
            }
            if (r == null) {
                r = received.poll();
            }
            if (r == null) {
                throw new AssertionError(label + ": no frame within " + timeout.toMillis() + " ms (expected " + expected
                        + ")" + (closed.isDone() ? "; closed with " + closed.getNow(-1) + " " + closeReason : ""));
            }
            lastRaw = r.raw();
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until the connection is closed and returns the close code. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(label + ": still open after " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** Whether the relay (not this client) started the close. Valid after {@link #awaitClose}. */
    public boolean closedByRelay() {
        return closedByRelay;
    }

    public String closeReason() {
        return closeReason;
    }

    /** Stops taking frames off the socket: the next frame blocks the read thread until {@link #resumeReading}. */
    public void stopReading() {
        readGate = new CountDownLatch(1);
    }

    public void resumeReading() {
        CountDownLatch gate = readGate;
        readGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    /** Drops the connection without a close frame (a crashed app, a pulled cable) and waits until it is closed. */
    public void kill() {
        closeConnection(CloseCodes.ABNORMAL, "killed by the test");
        awaitClose();
    }

    /** Closes the connection and waits (bounded) until its threads are done. */
    public void dispose() {
        resumeReading();
        if (!closed.isDone()) {
            close();
            try {
                closed.get(3, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                closeConnection(1006, "test client disposed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ callbacks

    @Override
    public void onOpen(ServerHandshake handshake) {
        // nothing to do: the test sends hello when it wants to
    }

    @Override
    public void onMessage(String message) {
        waitAtGate();
        bytesReceived.addAndGet(message.getBytes(StandardCharsets.UTF_8).length);
        framesReceived.incrementAndGet();
        Object item;
        try {
            item = ServerCodec.decode(message);
        } catch (ProtocolException e) {
            item = new Undecodable(message, e.getMessage());
        }
        received.add(new Received(item, message));
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        waitAtGate();
        bytesReceived.addAndGet(bytes.remaining());
        framesReceived.incrementAndGet();
        try {
            VoiceFrame.Parts parts = VoiceFrame.split(bytes);
            String header = parts.header().toString();
            ServerMessage decoded = ServerCodec.decode(parts.header());
            byte[] payload = new byte[parts.clip().remaining()];
            parts.clip().get(payload);
            if (decoded instanceof ServerMessage.Voice voice) {
                received.add(new Received(new ReceivedVoice(voice, payload), header));
            } else if (decoded instanceof ServerMessage.VoiceChunk chunk) {
                received.add(new Received(new ReceivedChunk(chunk, payload), header));
            } else {
                received.add(new Received(new Undecodable(header, "binary frame of type " + decoded), header));
            }
        } catch (ProtocolException e) {
            received.add(new Received(new Undecodable("binary frame of " + bytes.remaining() + " bytes", e.getMessage()),
                    "binary frame"));
        }
    }

    private void waitAtGate() {
        CountDownLatch gate = readGate;
        if (gate != null) {
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason = reason;
        closedByRelay = remote;
        closed.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        synchronized (errors) {
            errors.add(ex);
        }
    }

    @Override
    public String toString() {
        return "TestClient(" + label + ")";
    }
}
