package dev.parley.relay.tls;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.WrappedByteChannel;
import org.java_websocket.interfaces.ISSLChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The relay's server-side TLS channel for Java-WebSocket, written instead of the library's
 * {@code SSLSocketChannel2} for four reasons, each measured or reproduced (see the README's Performance section):
 * <ul>
 *   <li><b>No busy wait.</b> The library's channel asks for write readiness for as long as a handshake is
 *   unfinished, so a TCP peer that never sends its ClientHello pins the selector at 100 % CPU (upstream #896).
 *   Here the channel wants to write only when it holds ciphertext or the engine needs to wrap.</li>
 *   <li><b>No stranded bytes.</b> The library's write loop marks a frame sent once the engine has consumed it,
 *   even when the socket took only part of the ciphertext; when that was the last queued frame, the server
 *   drops write interest and the tail waits for the next event. Here a frame whose ciphertext is not all on
 *   the wire yet stays one byte short of done (its bytes are not encrypted twice), so the server keeps
 *   asking to write.</li>
 *   <li><b>Gathered records.</b> The frames queued for a connection are wrapped together (one
 *   {@link SSLEngine#wrap(ByteBuffer[], int, int, ByteBuffer)} call makes one record of up to 16 KiB from many
 *   small frames) and written with one system call, instead of one record and one write per frame.</li>
 *   <li><b>Idle connections hold no buffers.</b> The network and plaintext buffers (about 16 KiB each) come from a
 *   shared {@link BufferPool} and go back as soon as they are empty.</li>
 * </ul>
 * Delegated handshake tasks run inline on the selector thread: they take about a millisecond, and running them
 * elsewhere would need a wake-up the library does not offer for reads (data already buffered when a task ends
 * would wait for the next packet).
 * <p>
 * All methods are synchronized: the selector thread reads and writes, while timers may close the channel.
 */
final class TlsChannel implements WrappedByteChannel, ISSLChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Frames wrapped together at most; beyond this the next write call takes over. */
    private static final int MAX_GATHER = 64;

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final SelectionKey key;
    private final BufferPool pool;
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];

    /** Ciphertext from the peer, in read mode; {@code null} when empty. */
    private ByteBuffer netIn;
    /** Plaintext decrypted but not yet handed to the caller, in read mode; {@code null} when empty. */
    private ByteBuffer appIn;
    /** Ciphertext waiting for the socket, in read mode; {@code null} when empty. */
    private ByteBuffer netOut;
    /** The last unwrap needed more bytes than {@link #netIn} holds. */
    private boolean underflow;
    private boolean inboundClosed;
    private boolean closed;
    /**
     * The first handshake is done. From then on handshake messages (TLS 1.3 KeyUpdate and NewSessionTicket, a
     * TLS 1.2 renegotiation) travel between application records and never hold them up: the engine keeps
     * wrapping and unwrapping application data meanwhile.
     */
    private boolean established;
    /** A frame whose ciphertext is not all written yet, shown to the caller as one byte short of done. */
    private ByteBuffer deferred;

    TlsChannel(SocketChannel socket, SSLEngine engine, SelectionKey key, BufferPool pool) {
        this.socket = socket;
        this.engine = engine;
        this.key = key;
        this.pool = pool;
    }

    // ---- reading

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        while (dst.hasRemaining()) {
            int n = transfer(dst);
            if (n > 0) {
                releaseIdle();
                return n;
            }
            if (!established) {
                if (!handshake(true)) {
                    return inboundClosed ? -1 : 0;
                }
                continue;
            }
            afterHandshake(); // when the reply cannot be wrapped yet, reading goes on (write interest is on)
            if (hasUnwrappable()) {
                if (unwrap()) {
                    continue;
                }
            }
            if (inboundClosed) {
                return -1;
            }
            int read = fill();
            if (read < 0) {
                inboundClosed = true;
                releaseIdle();
                return -1;
            }
            if (read == 0) {
                releaseIdle();
                return 0;
            }
        }
        return 0;
    }

    @Override
    public synchronized int readMore(ByteBuffer dst) throws IOException {
        return read(dst);
    }

    @Override
    public synchronized boolean isNeedRead() {
        return (appIn != null && appIn.hasRemaining()) || hasUnwrappable();
    }

    private boolean hasUnwrappable() {
        return netIn != null && netIn.hasRemaining() && !underflow;
    }

    /** Reads from the socket into {@link #netIn}; returns what the socket returned. */
    private int fill() throws IOException {
        if (netIn == null) {
            netIn = pool.take(engine.getSession().getPacketBufferSize());
            netIn.limit(0);
        }
        netIn.compact();
        if (!netIn.hasRemaining()) {
            netIn = grow(netIn);
        }
        int n;
        try {
            n = socket.read(netIn);
        } finally {
            netIn.flip();
        }
        if (n > 0) {
            underflow = false;
        }
        return n;
    }

    /**
     * Decrypts what {@link #netIn} holds into {@link #appIn}, stopping when the engine needs a handshake step.
     * Returns whether it made progress.
     */
    private boolean unwrap() throws IOException {
        if (appIn == null) {
            appIn = pool.take(engine.getSession().getApplicationBufferSize());
            appIn.limit(0);
        }
        boolean progress = false;
        appIn.compact();
        try {
            while (netIn.hasRemaining()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                    progress = true;
                }
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW -> {
                        underflow = true; // fill() grows netIn when a record is larger than it
                        return progress;
                    }
                    case BUFFER_OVERFLOW -> {
                        if (appIn.position() == 0) {
                            appIn = grow(appIn);
                            continue;
                        }
                        return true; // the caller drains appIn first
                    }
                    case CLOSED -> {
                        inboundClosed = true;
                        return progress;
                    }
                    case OK -> {
                        HandshakeStatus hs = r.getHandshakeStatus();
                        if (hs == HandshakeStatus.NEED_TASK || hs == HandshakeStatus.NEED_WRAP) {
                            return progress; // the handshake (or a post-handshake message) goes first
                        }
                        if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                            return progress;
                        }
                    }
                }
            }
            return progress;
        } finally {
            appIn.flip();
        }
    }

    private int transfer(ByteBuffer dst) {
        if (appIn == null || !appIn.hasRemaining()) {
            return 0;
        }
        int n = Math.min(appIn.remaining(), dst.remaining());
        if (n == appIn.remaining()) {
            dst.put(appIn);
        } else {
            ByteBuffer part = appIn.duplicate();
            part.limit(part.position() + n);
            dst.put(part);
            appIn.position(appIn.position() + n);
        }
        return n;
    }

    // ---- handshake

    /**
     * Moves the handshake as far as it can go without blocking. Returns whether it is done. Reads the socket
     * only when {@code mayRead}; writes what it must and asks for write readiness when the socket is full.
     */
    private boolean handshake(boolean mayRead) throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NOT_HANDSHAKING, FINISHED -> {
                    established = true;
                    if (!flush()) {
                        wantWrite();
                    }
                    return true;
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    if (wrapHandshake() < 0) {
                        wantWrite();
                        return false;
                    }
                }
                default -> { // NEED_UNWRAP, NEED_UNWRAP_AGAIN
                    if (!flush()) {
                        wantWrite();
                    }
                    if (!mayRead) {
                        return false;
                    }
                    if (hasUnwrappable() || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                        if (netIn == null) {
                            netIn = pool.take(engine.getSession().getPacketBufferSize());
                            netIn.limit(0);
                        }
                        if (unwrap() || engine.getHandshakeStatus() != hs) {
                            continue;
                        }
                    }
                    if (inboundClosed) {
                        return false;
                    }
                    int read = fill();
                    if (read < 0) {
                        throw new EOFException("the peer closed the connection during the TLS handshake");
                    }
                    if (read == 0) {
                        return false;
                    }
                }
            }
        }
    }

    /**
     * One handshake wrap; returns the bytes it produced, 0 when the output was full but the socket took it all
     * (the next wrap fits), or -1 when the output is full and the socket takes no more.
     */
    private int wrapHandshake() throws IOException {
        ByteBuffer out = outForWriting();
        SSLEngineResult r;
        try {
            r = engine.wrap(EMPTY, out);
        } finally {
            out.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
            if (!established) {
                throw new SSLException("TLS closed during the handshake");
            }
            flush(); // the reply to the peer's close_notify (TLS 1.2); read() then reports the end
            return r.bytesProduced();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            return flush() ? 0 : -1; // an empty buffer holds four records: the next wrap fits
        }
        flush(); // what the socket does not take now goes when it is writable (see NEED_UNWRAP)
        return r.bytesProduced();
    }

    /**
     * Handshake work after the first handshake: runs the engine's tasks and wraps what it wants to send, as far as
     * the output allows. Never waits for the peer (NEED_UNWRAP is satisfied by the peer's next records, which
     * read() unwraps with the application data). Returns false when a wrap must wait for the socket (write
     * interest is then on).
     */
    private boolean afterHandshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                case NEED_WRAP -> {
                    int produced = wrapHandshake();
                    if (produced < 0) {
                        wantWrite();
                        return false;
                    }
                    if (produced == 0 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                        return true; // nothing more to wrap (never spin on it)
                    }
                }
                default -> {
                    return true;
                }
            }
        }
    }

    // ---- writing

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (!established) {
            handshake(false);
            return 0;
        }
        // pending ciphertext first, then post-handshake messages; a frame is done only once all of it is out
        if (!flush() || !afterHandshake() || !flush()) {
            return 0;
        }
        if (deferred != null) {
            ByteBuffer done = deferred;
            deferred = null;
            done.position(done.limit());
            if (done == src) {
                return 1;
            }
        }
        if (!src.hasRemaining()) {
            return 0;
        }
        int start = src.position();
        int count = gatherFrom(src);
        try {
            while (true) {
                ByteBuffer out = outForWriting();
                SSLEngineResult r;
                try {
                    r = engine.wrap(gather, 0, count, out);
                } finally {
                    out.flip();
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new EOFException("the TLS connection is closed");
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW && netOut.remaining() == 0) {
                    netOut = grow(outForWriting());
                    netOut.flip();
                    continue;
                }
                if (r.getStatus() == SSLEngineResult.Status.OK && r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                    flush(); // nothing moved (the engine wants something else first): never spin here
                    break;
                }
                boolean more = anyRemaining(count);
                boolean full = r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW
                        || netOut.capacity() - netOut.limit() < engine.getSession().getPacketBufferSize();
                if (!more || full) {
                    if (!flush() || !more) {
                        break;
                    }
                }
            }
        } finally {
            Arrays.fill(gather, 0, count, null);
        }
        if (netOut != null && netOut.hasRemaining() && !src.hasRemaining()) {
            deferred = src;
            src.position(src.limit() - 1);
        }
        return src.position() - start;
    }

    /** Puts {@code src} and the frames queued after it into {@link #gather}; returns how many. */
    private int gatherFrom(ByteBuffer src) {
        gather[0] = src;
        int count = 1;
        if (key.attachment() instanceof WebSocketImpl ws) {
            Iterator<ByteBuffer> queued = ws.outQueue.iterator();
            if (queued.hasNext() && queued.next() == src) {
                long bytes = src.remaining();
                int budget = 4 * engine.getSession().getApplicationBufferSize();
                while (count < MAX_GATHER && bytes < budget && queued.hasNext()) {
                    ByteBuffer next = queued.next();
                    gather[count++] = next;
                    bytes += next.remaining();
                }
            }
        }
        return count;
    }

    private boolean anyRemaining(int count) {
        for (int i = 0; i < count; i++) {
            if (gather[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** {@link #netOut} compacted for writing into; allocates it (four records' room) when absent. */
    private ByteBuffer outForWriting() {
        if (netOut == null) {
            netOut = pool.take(4 * engine.getSession().getPacketBufferSize());
            netOut.limit(0);
        }
        netOut.compact();
        return netOut;
    }

    /** Writes pending ciphertext; returns whether none is left. */
    private boolean flush() throws IOException {
        if (netOut == null) {
            return true;
        }
        if (netOut.hasRemaining()) {
            socket.write(netOut);
            if (netOut.hasRemaining()) {
                return false;
            }
        }
        pool.give(netOut);
        netOut = null;
        return true;
    }

    private void wantWrite() {
        try {
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        } catch (CancelledKeyException e) {
            // closed by another thread (a timer): nothing left to write for
        }
    }

    @Override
    public synchronized boolean isNeedWrite() {
        if (closed) {
            return false;
        }
        if (netOut != null && netOut.hasRemaining()) {
            return true;
        }
        HandshakeStatus hs = engine.getHandshakeStatus();
        return hs == HandshakeStatus.NEED_WRAP || hs == HandshakeStatus.NEED_TASK;
    }

    @Override
    public synchronized void writeMore() throws IOException {
        if (closed) {
            return;
        }
        if (flush()) {
            if (!established) {
                handshake(false);
            } else {
                afterHandshake();
            }
        }
    }

    // ---- buffers and life cycle

    private ByteBuffer grow(ByteBuffer buffer) {
        // buffer is in write mode (compacted); the bigger one is returned in write mode too
        ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() * 2);
        buffer.flip();
        bigger.put(buffer);
        pool.give(buffer);
        return bigger;
    }

    private void releaseIdle() {
        if (appIn != null && !appIn.hasRemaining()) {
            pool.give(appIn);
            appIn = null;
        }
        if (netIn != null && !netIn.hasRemaining()) {
            pool.give(netIn);
            netIn = null;
            underflow = false;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            engine.closeOutbound(); // queues close_notify: the engine now says NEED_WRAP
            if (socket.isOpen() && established) {
                ByteBuffer out = outForWriting();
                try {
                    engine.wrap(EMPTY, out);
                } finally {
                    out.flip();
                }
                socket.write(out); // best effort: close_notify after what was pending
            }
        } catch (IOException | RuntimeException e) {
            // the peer is gone or the engine refused; the socket is closed below either way
        } finally {
            socket.close();
            for (ByteBuffer b : new ByteBuffer[] {netIn, appIn, netOut}) {
                if (b != null) {
                    pool.give(b);
                }
            }
            netIn = appIn = netOut = null;
            deferred = null;
        }
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public boolean isBlocking() {
        return socket.isBlocking();
    }

    @Override
    public SSLEngine getSSLEngine() {
        return engine;
    }

    /** Bytes of buffers this channel holds now (for the connections benchmark and tests). */
    synchronized int bufferedCapacity() {
        int sum = 0;
        for (ByteBuffer b : new ByteBuffer[] {netIn, appIn, netOut}) {
            if (b != null) {
                sum += b.capacity();
            }
        }
        return sum;
    }
}
