package dev.parley.bench;

import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import org.HdrHistogram.Histogram;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Live voice (protocol 2) in one room: one speaker streams 16 kHz mono PCM16 in real time ({@code voice-start}, a
 * chunk every {@code chunkMs} paced by the clock, {@code voice-end}) to L protocol-2 listeners. Every listener checks
 * that it got every chunk of every message in order with the bytes that were sent, and that the stored voice message
 * that ends the stream has the right {@code durationMs} and exactly the concatenated chunks as its PCM; the speaker
 * checks its echo (the acknowledgement) the same way. Against a server that only forwards frames (the bare Netty
 * server, {@link #forwarding}) the speaker asks for no echo and a message ends when every listener has its last chunk.
 * Send and receive times come from the same JVM clock
 * ({@link System#nanoTime()}), so each chunk copy's latency is speaker {@code send()} to listener {@code onMessage}.
 */
final class Live implements BenchClient.Listener, LiveLoad {
    static final int SAMPLE_RATE = 16_000;
    static final String SPEAKER = "speaker";
    /** How long to wait for the stored message after voice-end (it is stored with fsync, then sent to everyone). */
    private static final long STORED_TIMEOUT_MILLIS = 15_000;

    /** What one listener has seen; written on its read thread, read and reset by the main thread under its monitor. */
    private static final class Seen {
        String stream;
        long nextN;
        Histogram latency = Latencies.histogram();
        long unknownChunks;
        long errors;
    }

    private final String room;
    private final int chunkMs;
    /** Whether the server stores each message and sends it back (the relay), or only forwards frames. */
    private final boolean stores;
    private final int chunkBytes;
    private final List<BenchClient> listeners = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, LiveMessage> messages = new ConcurrentHashMap<>();
    private final AtomicInteger speakerErrors = new AtomicInteger();
    private volatile String lastError;
    private BenchClient speaker;
    private int counter;

    private Live(String room, int chunkMs, boolean stores) {
        this.room = room;
        this.chunkMs = chunkMs;
        this.stores = stores;
        this.chunkBytes = SAMPLE_RATE * 2 * chunkMs / 1000;
    }

    /** Joins L listeners, then the speaker, all asking for protocol 2, to {@code room}. */
    static Live join(ChildServer server, SSLContext tls, String room, int listeners, int chunkMs)
            throws IOException, InterruptedException {
        return join(Relays.one(server, tls), room, listeners, chunkMs);
    }

    /**
     * The same over the relays of a cluster: listener {@code i} on {@code relays.serverFor(i)}, the speaker on the
     * first relay.
     */
    static Live join(Relays relays, String room, int listeners, int chunkMs) throws IOException, InterruptedException {
        return join(relays, room, listeners, chunkMs, true);
    }

    /**
     * The same frames through a server that forwards every frame to everyone and stores nothing (the bare Netty
     * server): its speaker's hello asks for no echo ({@code "echo":false}), and a message ends when every listener has
     * its last chunk.
     */
    static Live forwarding(ChildServer server, SSLContext tls, String room, int listeners, int chunkMs)
            throws IOException, InterruptedException {
        return join(Relays.one(server, tls), room, listeners, chunkMs, false);
    }

    private static Live join(Relays relays, String room, int listeners, int chunkMs, boolean stores)
            throws IOException, InterruptedException {
        Live live = new Live(room, chunkMs, stores);
        try {
            for (int i = 0; i < listeners; i++) {
                live.seen.add(new Seen());
                live.listeners.add(BenchClient.join(relays.serverFor(i), relays.tlsFor(i), room, "l" + i, i, live, 2,
                        ""));
            }
            live.speaker = BenchClient.join(relays.serverFor(0), relays.tlsFor(0), room, SPEAKER, listeners, live, 2,
                    stores ? "" : ",\"echo\":false");
        } catch (IOException | InterruptedException | RuntimeException e) {
            live.close();
            throw e;
        }
        return live;
    }

    @Override
    public int listenerCount() {
        return listeners.size();
    }

    @Override
    public String chunkContent() {
        return chunkBytes + " bytes of 16 kHz mono PCM16 in a protocol-2 voice-chunk";
    }

    @Override
    public String tlsSession() {
        var s = speaker.getSSLSession();
        return s.getProtocol() + " " + s.getCipherSuite();
    }

    /**
     * Streams one message of {@code seconds} in real time and waits for its stored copies (every listener's and the
     * speaker's echo). Returns it with what its receivers found; chunk latencies of a {@code measured} message go to
     * the listeners' histograms ({@link #takeLatency()}).
     */
    @Override
    public LiveMessage stream(double seconds, boolean measured) throws InterruptedException {
        return stream(Math.max(1, (int) Math.round(seconds * 1000 / chunkMs)), measured, true);
    }

    /**
     * One round of priming a forwarding server's engine as the relay primes its own at start ({@code Warmup}): a
     * message of {@code chunks} chunks sent one at a time, each as soon as every listener has the one before (each
     * wakes the server on its own, as a live stream does, but many times faster).
     */
    void primeRound(int chunks) throws InterruptedException {
        stream(chunks, false, false);
    }

    private LiveMessage stream(int chunks, boolean measured, boolean paced) throws InterruptedException {
        String id = room + "-" + (++counter);
        LiveMessage m = stores
                ? LiveMessage.stored(id, chunks, chunkMs, chunkBytes, measured, id.hashCode(), listeners.size() + 1)
                : LiveMessage.forwarded(id, chunks, chunkMs, chunkBytes, measured, id.hashCode(), listeners.size());
        List<ByteBuffer> frames = new ArrayList<>(chunks);
        for (int k = 0; k < chunks; k++) {
            frames.add(VoiceFrame.encode("{\"type\":\"voice-chunk\",\"id\":\"" + id + "\",\"n\":" + k + "}",
                    ByteBuffer.wrap(m.pcm, k * chunkBytes, chunkBytes)));
        }
        messages.put(id, m);
        long chunkNanos = TimeUnit.MILLISECONDS.toNanos(chunkMs);
        long t0 = System.nanoTime();
        m.startNanos = t0;
        speaker.send("{\"type\":\"voice-start\",\"id\":\"" + id + "\",\"codec\":\"pcm16\",\"sampleRate\":" + SAMPLE_RATE
                + ",\"channels\":1}");
        for (int k = 0; k < chunks; k++) {
            long due = t0 + (k + 1) * chunkNanos; // a chunk can leave once its last sample is captured
            if (!paced && k > 0 && !m.awaitArrivals((long) k * listeners.size(), STORED_TIMEOUT_MILLIS)) {
                System.err.println("live: " + id + ": chunk " + (k - 1) + " did not reach every listener");
                break;
            }
            for (long wait = due - System.nanoTime(); paced && wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            Latencies.record(m.sendLag, (now - due) / 1000);
            m.sentNanos.set(k, now);
            speaker.send(frames.get(k));
        }
        m.endNanos = System.nanoTime();
        speaker.send("{\"type\":\"voice-end\",\"id\":\"" + id + "\"}");
        if (!m.ended.await(STORED_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            System.err.println("live: " + id + ": " + m.ended.getCount() + " of " + (listeners.size() + (stores ? 1 : 0))
                    + (stores ? " stored copies" : " listeners' last chunks") + " missing after " + STORED_TIMEOUT_MILLIS
                    + " ms" + (lastError == null ? "" : "; last error: " + lastError));
        }
        return m;
    }

    /** The chunk latencies (µs) of measured messages since the last call, over all listeners. */
    @Override
    public Histogram takeLatency() {
        Histogram h = Latencies.histogram();
        for (Seen s : seen) {
            synchronized (s) {
                h.add(s.latency);
                s.latency = Latencies.histogram();
            }
        }
        return h;
    }

    /** Chunks for a stream a listener had no voice-start for, and error frames, over all members so far. */
    @Override
    public long anomalies() {
        long n = speakerErrors.get();
        for (Seen s : seen) {
            synchronized (s) {
                n += s.unknownChunks + s.errors;
            }
        }
        return n;
    }

    @Override
    public String lastError() {
        return lastError;
    }

    @Override
    public void text(BenchClient client, String frame, long nanos) {
        if (frame.startsWith("{\"type\":\"voice-start\"")) {
            String id = field(frame, "\"id\":\"");
            LiveMessage m = messages.get(id);
            if (client != speaker) {
                Seen s = seen.get(client.index);
                synchronized (s) {
                    s.stream = id;
                    s.nextN = 0;
                }
            }
            if (m != null) {
                m.starts.incrementAndGet();
            }
        } else if (frame.startsWith("{\"type\":\"voice-abort\"")) {
            LiveMessage m = messages.get(field(frame, "\"id\":\""));
            if (m != null) {
                m.aborts.incrementAndGet();
            }
            lastError = frame;
        } else if (frame.startsWith("{\"type\":\"error\"")) {
            lastError = frame;
            if (client == speaker) {
                speakerErrors.incrementAndGet();
            } else {
                Seen s = seen.get(client.index);
                synchronized (s) {
                    s.errors++;
                }
            }
        }
    }

    @Override
    public void binary(BenchClient client, ByteBuffer frame, long nanos) {
        int p = frame.position();
        int h = frame.getInt(p);
        byte[] headerBytes = new byte[h];
        frame.get(p + 4, headerBytes);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        if (header.startsWith("{\"type\":\"voice-chunk\"")) {
            chunk(client, header, frame.slice(p + 4 + h, frame.limit() - p - 4 - h), nanos);
        } else if (header.startsWith("{\"type\":\"voice\"")) {
            stored(client, frame, nanos);
        }
    }

    private void chunk(BenchClient client, String header, ByteBuffer payload, long nanos) {
        String id = field(header, "\"id\":\"");
        int q = header.indexOf("\"n\":") + 4;
        int qEnd = q;
        while (qEnd < header.length() && Character.isDigit(header.charAt(qEnd))) {
            qEnd++;
        }
        long n = Long.parseLong(header, q, qEnd, 10);
        LiveMessage m = messages.get(id);
        if (check(client, m, id, n, payload, nanos)) {
            m.goodCopies.incrementAndGet();
        }
        if (m != null) {
            m.arrived();
        }
        if (!stores && m != null && n == m.chunks - 1) {
            m.ended.countDown(); // a forwarding server's message ends with each listener's last chunk, good or not
        }
    }

    /** Whether chunk {@code n} of {@code id} came in order with the bytes sent; records its latency if so. */
    private boolean check(BenchClient client, LiveMessage m, String id, long n, ByteBuffer payload, long nanos) {
        Seen s = seen.get(client.index);
        synchronized (s) {
            if (m == null || !id.equals(s.stream)) {
                s.unknownChunks++;
                return false;
            }
            if (n != s.nextN) {
                m.orderErrors.incrementAndGet();
                s.nextN = n + 1;
                return false;
            }
            s.nextN = n + 1;
            if (n >= m.chunks || payload.mismatch(ByteBuffer.wrap(m.pcm, (int) n * m.chunkBytes, m.chunkBytes)) != -1) {
                m.payloadErrors.incrementAndGet();
                return false;
            }
            long sent = m.sentNanos.get((int) n);
            if (m.measured) {
                Latencies.record(s.latency, (nanos - sent) / 1000);
            }
            return true;
        }
    }

    /** A stored voice message: the end of a stream; checks its durationMs and that its PCM is the chunks'. */
    private void stored(BenchClient client, ByteBuffer frame, long nanos) {
        LiveMessage m = null;
        boolean good = false;
        boolean pcmEqual = false;
        try {
            VoiceFrame.Parts parts = VoiceFrame.split(frame);
            if (!(ServerCodec.decode(parts.header()) instanceof ServerMessage.Voice v)) {
                return;
            }
            m = messages.get(v.id());
            if (m == null) {
                return;
            }
            ByteBuffer clip = parts.clip();
            WavInfo info = Wav.inspect(clip);
            ByteBuffer data = clip.slice(clip.position() + info.dataOffset(), info.dataLength());
            pcmEqual = data.mismatch(ByteBuffer.wrap(m.pcm)) == -1;
            good = pcmEqual && v.durationMs() == m.durationMs() && info.durationMs() == m.durationMs()
                    && SPEAKER.equals(v.from()) && v.bytes() == clip.remaining() && !v.replay();
        } catch (Exception e) {
            lastError = client.nick + ": stored message unreadable: " + e;
        }
        if (m == null) {
            return;
        }
        if (client == speaker) {
            m.echoNanos = nanos;
            m.echoPcmEqual = pcmEqual ? 1 : 0;
        }
        (good ? m.storedGood : m.storedBad).incrementAndGet();
        m.ended.countDown();
    }

    private static String field(String json, String key) {
        int p = json.indexOf(key);
        if (p < 0) {
            return "";
        }
        p += key.length();
        return json.substring(p, json.indexOf('"', p));
    }

    @Override
    public void close() {
        List<BenchClient> all = new ArrayList<>(listeners);
        if (speaker != null) {
            all.add(speaker);
        }
        for (BenchClient c : all) {
            try {
                c.closeBlocking();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
