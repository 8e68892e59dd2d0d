package dev.parley.bench;

import dev.parley.bench.support.ProcStats;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import org.HdrHistogram.Histogram;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Senders and receivers in rooms of a server, sending chat messages (text frames) or voice clips (binary frames)
 * either as fast as a bounded window of unacknowledged messages per sender allows, or at a fixed offered rate.
 * Every message's id carries its sender and {@link System#nanoTime()} of sending, so each receiver measures
 * send-to-receive latency and each sender recognises its own echo (the relay's acknowledgement).
 */
final class Traffic implements BenchClient.Listener, TrafficLoad {
    enum Kind { TEXT, VOICE }

    /**
     * @param roomPerSender each sender alone in a room of its own (durable acks), else everyone in one room
     * @param bytes         text: size of the client's chat frame; voice: size of the WAV clip
     * @param room          the room everyone joins (with roomPerSender: the prefix of each sender's room)
     */
    record Setup(Kind kind, int receivers, int senders, boolean roomPerSender, int bytes, String room) {
        /** In room "bench" (with roomPerSender: "bench-0", "bench-1", ...). */
        Setup(Kind kind, int receivers, int senders, boolean roomPerSender, int bytes) {
            this(kind, receivers, senders, roomPerSender, bytes, "bench");
        }
    }

    /** Per-client counters, replaced at each window start; guarded by their own monitor. */
    private static final class Stats {
        final Histogram latency = Latencies.histogram();
        final Histogram ack = Latencies.histogram();
        /** Copies from a sender on this member's relay (its own echo left out) and on another (several relays only). */
        final Window.ByRelay byRelay = new Window.ByRelay();
        long deliveries;
        long bytes;
        long acks;
        long orderErrors;
    }

    private static final String CHAT = "{\"type\":\"chat\"";
    private static final String ID = "\"id\":\"";
    private static final String SEQ = "\"seq\":";

    private final Relays relays;
    private final Setup setup;
    private final List<BenchClient> clients = new ArrayList<>();
    private final int[] senderOf;
    private final AtomicReferenceArray<Stats> stats;
    private final AtomicInteger[] outstanding;
    private final AtomicLong[] counters;
    private final AtomicLong sent = new AtomicLong();
    /** Per client: the seq of the last Parley message received (read thread only), 0 before the first. */
    private final long[] lastSeq;
    private final String textPad;
    private final byte[] clip;
    private volatile boolean windowed;
    private volatile boolean running;

    private Traffic(Relays relays, Setup setup) {
        this.relays = relays;
        this.setup = setup;
        int n = setup.receivers() + setup.senders();
        senderOf = new int[n];
        lastSeq = new long[n];
        stats = new AtomicReferenceArray<>(n);
        outstanding = new AtomicInteger[setup.senders()];
        counters = new AtomicLong[setup.senders()];
        for (int i = 0; i < setup.senders(); i++) {
            outstanding[i] = new AtomicInteger();
            counters[i] = new AtomicLong();
        }
        for (int i = 0; i < n; i++) {
            stats.set(i, new Stats());
        }
        String sample = "{\"type\":\"chat\",\"id\":\"0.100000." + System.nanoTime() + "\",\"text\":\"\"}";
        textPad = "x".repeat(Math.max(1, setup.bytes() - sample.length()));
        clip = setup.kind() == Kind.VOICE ? Wav.write(noise(Math.max(2, (setup.bytes() - 44) & ~1)), 16000, 1) : null;
    }

    /** Connects every member (receivers first, then senders) and waits for each welcome. */
    static Traffic connect(ChildServer server, SSLContext tls, Setup setup) throws IOException, InterruptedException {
        return connect(Relays.one(server, tls), setup);
    }

    /**
     * Connects every member (receivers first, then senders), member {@code i} to {@code relays.serverFor(i)}, and
     * waits for each welcome; windows measure the relays' CPU added up, and the processes beside them apart.
     */
    static Traffic connect(Relays relays, Setup setup) throws IOException, InterruptedException {
        Traffic t = new Traffic(relays, setup);
        try {
            for (int i = 0; i < setup.receivers(); i++) {
                t.senderOf[i] = -1;
                t.clients.add(BenchClient.join(relays.serverFor(i), relays.tlsFor(i), setup.room(), "r" + i, i, t));
            }
            for (int k = 0; k < setup.senders(); k++) {
                int i = setup.receivers() + k;
                t.senderOf[i] = k;
                String room = setup.roomPerSender() ? setup.room() + "-" + k : setup.room();
                t.clients.add(BenchClient.join(relays.serverFor(i), relays.tlsFor(i), room, "s" + k, i, t));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** The TLS protocol and cipher suite the server chose for the first member, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    @Override
    public String tlsSession() {
        SSLSession session = clients.get(0).getSSLSession();
        return session.getProtocol() + " " + session.getCipherSuite();
    }

    /**
     * Sends for {@code warmup} seconds, then measures {@code runs} windows of {@code seconds} each, then stops
     * and waits (up to 10 s) for every message in flight. {@code rate} > 0: that many messages per second in
     * total, spread over the senders; else each sender keeps {@code window} messages unacknowledged.
     */
    @Override
    public List<Window> run(int window, double rate, int warmup, int seconds, int runs) throws InterruptedException {
        running = true;
        windowed = rate <= 0;
        Thread pacer = null;
        if (windowed) {
            for (int k = 0; k < setup.senders(); k++) {
                for (int j = 0; j < window; j++) {
                    sendOne(k);
                }
            }
        } else {
            pacer = new Thread(() -> pace(rate), "bench-pacer");
            pacer.setDaemon(true);
            pacer.start();
        }
        Thread.sleep(warmup * 1000L);
        List<Window> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            out.add(measure(seconds));
        }
        running = false;
        if (pacer != null) {
            pacer.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return out;
    }

    private int inFlight() {
        int n = 0;
        for (AtomicInteger o : outstanding) {
            n += Math.max(0, o.get());
        }
        return n;
    }

    private void pace(double rate) {
        long t0 = System.nanoTime();
        long done = 0;
        int next = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - t0) / 1e9 * rate);
            while (done < due) {
                sendOne(next);
                next = (next + 1) % setup.senders();
                done++;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private void sendOne(int k) {
        BenchClient c = clients.get(setup.receivers() + k);
        if (!c.isOpen()) {
            return;
        }
        outstanding[k].incrementAndGet();
        sent.incrementAndGet();
        String id = k + "." + counters[k].incrementAndGet() + "." + System.nanoTime();
        if (setup.kind() == Kind.TEXT) {
            c.send("{\"type\":\"chat\",\"id\":\"" + id + "\",\"text\":\"" + textPad + "\"}");
        } else {
            c.send(VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"" + id + "\"}", clip));
        }
    }

    @Override
    public void text(BenchClient client, String frame, long nanos) {
        if (frame.startsWith(CHAT)) {
            received(client, frame, frame.length(), nanos);
        }
    }

    @Override
    public void binary(BenchClient client, ByteBuffer frame, long nanos) {
        int h = frame.getInt(frame.position());
        byte[] header = new byte[h];
        frame.get(frame.position() + 4, header);
        received(client, new String(header, StandardCharsets.ISO_8859_1), frame.remaining() - 4 - h, nanos);
    }

    private void received(BenchClient client, String header, int bytes, long nanos) {
        int p = header.indexOf(ID) + ID.length();
        int dot1 = header.indexOf('.', p);
        int dot2 = header.indexOf('.', dot1 + 1);
        int end = header.indexOf('"', dot2);
        int from = Integer.parseInt(header, p, dot1, 10);
        long micros = (nanos - Long.parseLong(header, dot2 + 1, end, 10)) / 1000;
        boolean ack = senderOf[client.index] == from;
        boolean otherRelay = relays.relayOf(client.index) != relays.relayOf(setup.receivers() + from);
        boolean disorder = false;
        int q = header.indexOf(SEQ);
        if (q >= 0 && q < p) { // the relay numbers messages; the bare server does not
            int qEnd = header.indexOf(',', q);
            long seq = Long.parseLong(header, q + SEQ.length(), qEnd, 10);
            long last = lastSeq[client.index];
            disorder = last != 0 && seq != last + 1;
            lastSeq[client.index] = seq;
        }
        Stats s = stats.get(client.index);
        synchronized (s) {
            if (disorder) {
                s.orderErrors++;
            }
            s.deliveries++;
            s.bytes += bytes;
            Latencies.record(s.latency, micros);
            if (relays.size() > 1 && !ack) {
                Latencies.record(otherRelay ? s.byRelay.otherMicros() : s.byRelay.sameMicros(), micros);
            }
            if (ack) {
                s.acks++;
                Latencies.record(s.ack, micros);
            }
        }
        if (ack) {
            outstanding[from].decrementAndGet();
            if (running && windowed) {
                sendOne(from);
            }
        }
    }

    private Window measure(int seconds) throws InterruptedException {
        for (int i = 0; i < stats.length(); i++) {
            stats.set(i, new Stats());
        }
        long sent0 = sent.get();
        long cpu0 = relays.cpuNanos();
        long sys0 = relays.systemNanos();
        long ticked0 = relays.tickedCpuNanos();
        Map<String, Long> threads0 = relays.threadCpu();
        Map<String, Long> beside0 = relays.besideCpuNanos();
        long gen0 = ProcStats.ownCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        List<Stats> old = new ArrayList<>();
        for (int i = 0; i < stats.length(); i++) {
            old.add(stats.getAndSet(i, new Stats()));
        }
        long t1 = System.nanoTime();
        long cpu1 = relays.cpuNanos();
        long sys1 = relays.systemNanos();
        long ticked1 = relays.tickedCpuNanos();
        Map<String, Long> threads1 = relays.threadCpu();
        Map<String, Long> beside = new LinkedHashMap<>();
        relays.besideCpuNanos().forEach((name, nanos) -> beside.put(name, nanos - beside0.get(name)));
        long gen1 = ProcStats.ownCpuNanos();
        double wall = (t1 - t0) / 1e9;
        Histogram latency = Latencies.histogram();
        Histogram ack = Latencies.histogram();
        Window.ByRelay byRelay = relays.size() > 1 ? new Window.ByRelay() : null;
        long deliveries = 0;
        long bytes = 0;
        long acks = 0;
        long disorder = 0;
        for (Stats s : old) {
            synchronized (s) {
                disorder += s.orderErrors;
                latency.add(s.latency);
                ack.add(s.ack);
                if (byRelay != null) {
                    byRelay.sameMicros().add(s.byRelay.sameMicros());
                    byRelay.otherMicros().add(s.byRelay.otherMicros());
                }
                deliveries += s.deliveries;
                bytes += s.bytes;
                acks += s.acks;
            }
        }
        return new Window(wall, sent.get() - sent0, deliveries, bytes, acks, latency, ack, cpu1 - cpu0,
                ProcStats.kernelNanos(sys1 - sys0, ticked1 - ticked0, cpu1 - cpu0),
                gen1 - gen0, ProcStats.topThreads(threads0, threads1, 3, wall), disorder, beside, byRelay);
    }

    private static byte[] noise(int n) {
        byte[] b = new byte[n];
        new java.util.Random(42).nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        running = false;
        for (BenchClient c : clients) {
            try {
                c.closeBlocking();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
