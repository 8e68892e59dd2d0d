package dev.parley.client.testing;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.VoiceFrame;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;


/**
 * A plain protocol client (another person) that trusts exactly the relay's certificate through a KeyStore and
 * PKIX, with host name verification on. Keeps every message it receives; voice clips as {@link Voice}.
 */
public final class ProtocolClient extends WebSocketClient {
    /** A received clip. */
    public record Voice(ServerMessage.Voice header, byte[] clip) {
    }

    /** A received live chunk (protocol 2), with the time it came ({@link System#nanoTime()}). */
    public record Chunk(ServerMessage.VoiceChunk header, byte[] pcm, long nanos) {
    }

    public final List<Object> received = new CopyOnWriteArrayList<>();

    private ProtocolClient(URI uri, SSLContext tls) {
        super(uri);
        setSocketFactory(tls.getSocketFactory());
        setConnectionLostTimeout(0);
    }

    /** Connects and joins on protocol 1; returns once welcomed. */
    public static ProtocolClient join(URI uri, X509Certificate relayCertificate, String nick, String room) throws Exception {
        return join(uri, relayCertificate, nick, room, Protocol.VERSION_1);
    }

    /** Connects and joins on {@code version} (2: live voice, 3: played receipts); returns once welcomed. */
    public static ProtocolClient join(URI uri, X509Certificate relayCertificate, String nick, String room, int version)
            throws Exception {
        return join(uri, relayCertificate, new ClientMessage.Hello(version, nick, room, null, null, "test"));
    }

    /** Connects and joins on protocol 1 presenting {@code session} as {@code resume}; returns once welcomed. */
    public static ProtocolClient resuming(URI uri, X509Certificate relayCertificate, String nick, String room,
                                          String session) throws Exception {
        return join(uri, relayCertificate, new ClientMessage.Hello(Protocol.VERSION_1, nick, room, null, null, "test",
                null, session));
    }

    private static ProtocolClient join(URI uri, X509Certificate relayCertificate, ClientMessage.Hello hello)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("relay", relayCertificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        ProtocolClient c = new ProtocolClient(uri, tls);
        if (!c.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cannot connect to " + uri);
        }
        c.send(ClientCodec.encode(hello));
        c.await(ServerMessage.Welcome.class, w -> true);
        return c;
    }

    public void chat(String id, String text) {
        send(ClientCodec.encode(new ClientMessage.Chat(id, text)));
    }

    public void typing(TypingState state) {
        send(ClientCodec.encode(new ClientMessage.Typing(state)));
    }

    public void voice(String id, byte[] wav) {
        send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice(id)), wav));
    }

    /** Protocol 3: says voice message {@code seq} was heard to its end. */
    public void played(long seq) {
        send(ClientCodec.encode(new ClientMessage.Played(seq)));
    }

    /** Protocol 2: opens a live stream of 16 kHz mono PCM. */
    public void voiceStart(String id) {
        send(ClientCodec.encode(new ClientMessage.VoiceStart(id, VoiceCodec.PCM16, 16000, 1)));
    }

    /** Protocol 2: chunk {@code n} of the open stream. */
    public void voiceChunk(String id, long n, byte[] pcm) {
        send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk(id, n)), pcm));
    }

    /** Protocol 2: ends the stream; the relay stores its chunks. */
    public void voiceEnd(String id) {
        send(ClientCodec.encode(new ClientMessage.VoiceEnd(id)));
    }

    /** Waits for a received item of {@code type} matching {@code test}. */
    public <T> T await(Class<T> type, Predicate<T> test) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> find(type, test), r -> r != null);
    }

    public <T> T find(Class<T> type, Predicate<T> test) {
        for (Object o : received) {
            if (type.isInstance(o) && test.test(type.cast(o))) {
                return type.cast(o);
            }
        }
        return null;
    }

    public <T> long count(Class<T> type, Predicate<T> test) {
        return received.stream().filter(type::isInstance).map(type::cast).filter(test).count();
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        // hello is sent by join()
    }

    @Override
    public void onMessage(String message) {
        try {
            received.add(ServerCodec.decode(message));
        } catch (ProtocolException e) {
            received.add(e);
        }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        try {
            long now = System.nanoTime();
            VoiceFrame.Parts parts = VoiceFrame.split(bytes);
            byte[] clip = new byte[parts.clip().remaining()];
            parts.clip().get(clip);
            ServerMessage header = ServerCodec.decode(parts.header());
            if (header instanceof ServerMessage.VoiceChunk chunk) {
                received.add(new Chunk(chunk, clip, now));
            } else {
                received.add(new Voice((ServerMessage.Voice) header, clip));
            }
        } catch (ProtocolException e) {
            received.add(e);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        received.add("closed " + code);
    }

    @Override
    public void onError(Exception ex) {
        received.add(ex);
    }
}
