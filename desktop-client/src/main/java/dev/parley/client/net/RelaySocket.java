package dev.parley.client.net;


import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.PinningTrustManager;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

/**
 * One connection attempt: a TLS WebSocket that trusts only the pinned certificate and turns frames into protocol
 * messages for its {@link Listener}. Frames the relay should not have sent are logged and dropped.
 */
final class RelaySocket extends WebSocketClient {
    private static final Logger log = LoggerFactory.getLogger(RelaySocket.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int LOST_TIMEOUT_SECONDS = 20;
    private static final int MAX_FRAME_BYTES = 80 << 20;

    /** Events of one attempt, on its read thread. */
    interface Listener {
        void opened(RelaySocket socket);

        /**
         * A frame turned into its message; {@code payload} is what followed the header of a binary frame (a clip or a
         * chunk's PCM), {@code null} for a text frame.
         */
        void message(RelaySocket socket, ServerMessage message, byte[] payload);

        void closed(RelaySocket socket, int code, String reason);
    }

    final int generation;
    final PinningTrustManager trust;
    private final RelayAddress address;
    private final Listener listener;
    private volatile String error;
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    RelaySocket(RelayAddress address, String pinnedFingerprint, int generation, Listener listener) {
        super(address.uri(), new Draft_6455(List.of(), MAX_FRAME_BYTES), Map.of(), CONNECT_TIMEOUT_MILLIS);
        this.address = address;
        this.generation = generation;
        this.listener = listener;
        this.trust = new PinningTrustManager(pinnedFingerprint);
        setConnectionLostTimeout(LOST_TIMEOUT_SECONDS);
        setTcpNoDelay(true);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[]{trust}, null);
            setSocketFactory(tls.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available", e);
        }
    }

    /** The network error that ended the attempt, if any, in the library's words. */
    String error() {
        return error;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        listener.opened(this);
    }

    @Override
    public void onMessage(String text) {
        try {
            listener.message(this, ServerCodec.decode(text), null);
        } catch (ProtocolException e) {
            log.warn("ignoring a frame the relay sent: {} ({})", e.getMessage(), text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    @Override
    public void onMessage(ByteBuffer bytes) {
        try {
            VoiceFrame.Parts parts = VoiceFrame.split(bytes);
            ServerMessage header = ServerCodec.decode(parts.header());
            byte[] payload = new byte[parts.clip().remaining()];
            parts.clip().get(payload);
            listener.message(this, header, payload);
        } catch (ProtocolException e) {
            log.warn("ignoring a voice frame the relay sent: {}", e.getMessage());
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        log.info("connection to {} closed: {} {}", address, code, reason);
        try {
            listener.closed(this, code, reason);
        } finally {
            closed.countDown();
        }
    }

    /** Waits until the close handshake finished (or the connection dropped); false on timeout. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void onError(Exception ex) {
        error = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        log.debug("connection to {} failed: {}", address, error);
    }
}
