package dev.parley.relay.tls;

import org.java_websocket.SSLSocketChannel2;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;

/**
 * Java-WebSocket's TLS channel without its busy wait. The library reports "needs write" for as long as the
 * TLS handshake is unfinished, so the selector keeps write interest and spins at 100 % CPU while a peer that
 * has not sent its ClientHello (or is slow) is waited for (upstream issue #896). Here the channel needs to
 * write only when the engine has something to wrap or tasks to finish; when a read moves the handshake to
 * such a state, write interest is asked for again.
 */
final class QuietSslChannel extends SSLSocketChannel2 {

    QuietSslChannel(SocketChannel channel, SSLEngine engine, ExecutorService exec, SelectionKey key) throws IOException {
        super(channel, engine, exec, key);
    }

    @Override
    public boolean isNeedWrite() {
        if (outCrypt.hasRemaining()) {
            return true;
        }
        HandshakeStatus status = sslEngine.getHandshakeStatus();
        return status == HandshakeStatus.NEED_WRAP || status == HandshakeStatus.NEED_TASK;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = super.read(dst);
        if (selectionKey != null && selectionKey.isValid() && isNeedWrite()) {
            selectionKey.interestOps(selectionKey.interestOps() | SelectionKey.OP_WRITE);
        }
        return n;
    }
}
