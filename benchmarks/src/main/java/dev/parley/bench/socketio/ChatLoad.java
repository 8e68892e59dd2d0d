package dev.parley.bench.socketio;

import dev.parley.bench.Latencies;
import dev.parley.bench.TrafficLoad;
import dev.parley.bench.Window;
import dev.parley.bench.support.ProcStats;
import org.HdrHistogram.Histogram;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@code text} scenario's fixed-rate phase against the socket.io server: R receivers then S senders join one
 * room; a pacer thread offers {@code rate} chat events per second in total, round robin over the senders. Each
 * event's id is {@code sender.n.nanoTime}, so every copy (the sender's own echo included) gives a send-to-receive
 * latency, and a copy whose n is not the previous n of that sender at that member counts as an order error (a
 * copy lost or out of order: socket.io numbers nothing itself). There is no max-rate phase ({@link #windowed()} is
 * false): the socket.io reference is measured at the fixed offered rate only.
 */
final class ChatLoad implements SocketIoClient.Listener, TrafficLoad {
    /** Per-client counters, replaced at each window start; guarded by their own monitor. */
    private static final class Stats {
        final Histogram latency = Latencies.histogram();
        final Histogram ack = Latencies.histogram();
        long deliveries;
        long bytes;
        long acks;
        long orderErrors;
    }

    private static final String ID = "\"id\":\"";
    static final String ROOM = "bench";

    /** The node server's process, whose CPU each window reads. */
    private final long pid;
    private final int receivers;
    private final int senders;
    private final List<SocketIoClient> clients = new ArrayList<>();
    private final int[] senderOf;
    private final AtomicReferenceArray<Stats> stats;
    private final AtomicInteger[] outstanding;
    private final AtomicLong[] counters;
    private final AtomicLong sent = new AtomicLong();
    /** Per client, per sender: the n of the last copy received (read thread only), 0 before the first. */
    private final long[][] lastN;
    private final String textPad;
    private volatile boolean running;

    private ChatLoad(long pid, int receivers, int senders, int bytes) {
        this.pid = pid;
        this.receivers = receivers;
        this.senders = senders;
        int n = receivers + senders;
        senderOf = new int[n];
        lastN = new long[n][senders];
        stats = new AtomicReferenceArray<>(n);
        for (int i = 0; i < n; i++) {
            stats.set(i, new Stats());
        }
        outstanding = new AtomicInteger[senders];
        counters = new AtomicLong[senders];
        for (int k = 0; k < senders; k++) {
            outstanding[k] = new AtomicInteger();
            counters[k] = new AtomicLong();
        }
        String sample = frame("0.100000." + System.nanoTime(), "");
        textPad = "x".repeat(Math.max(1, bytes - sample.length()));
    }

    /** The event a sender sends: {@code 42["chat",{"id":"...","text":"..."}]}, ~{@code bytes} in all. */
    private static String frame(String id, String text) {
        return Packets.event("chat", "{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}");
    }

    /** Connects every member (receivers first, then senders) and waits for each welcome. */
    static ChatLoad connect(String host, int port, SSLContext tls, long pid, int receivers, int senders, int bytes)
            throws IOException, InterruptedException {
        if (receivers < 0 || senders < 1) {
            throw new IllegalArgumentException("need at least one sender and no negative receivers");
        }
        ChatLoad load = new ChatLoad(pid, receivers, senders, bytes);
        try {
            for (int i = 0; i < receivers + senders; i++) {
                boolean sender = i >= receivers;
                load.senderOf[i] = sender ? i - receivers : -1;
                String nick = sender ? "s" + (i - receivers) : "r" + i;
                load.clients.add(SocketIoClient.join(host, port, tls, ROOM, nick, i, load));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            load.close();
            throw e;
        }
        return load;
    }

    /** The TLS protocol and cipher suite the server chose for the first member. */
    @Override
    public String tlsSession() {
        SSLSession session = clients.get(0).getSSLSession();
        return session.getProtocol() + " " + session.getCipherSuite();
    }

    @Override
    public boolean windowed() {
        return false;
    }

    /**
     * Offers {@code rate} messages per second for {@code warmup} seconds, then measures {@code runs} windows of
     * {@code seconds} each, then stops and waits (up to 10 s) for every sender's echoes. {@code window} is not used:
     * {@code rate} must be positive.
     */
    @Override
    public List<Window> run(int window, double rate, int warmup, int seconds, int runs) throws InterruptedException {
        if (rate <= 0) {
            throw new IllegalArgumentException("the socket.io reference measures a fixed offered rate: --rate > 0");
        }
        running = true;
        Thread pacer = new Thread(() -> pace(rate), "socketio-pacer");
        pacer.setDaemon(true);
        pacer.start();
        Thread.sleep(warmup * 1000L);
        List<Window> out = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            out.add(measure(seconds));
        }
        running = false;
        pacer.join();
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
                next = (next + 1) % senders;
                done++;
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private void sendOne(int k) {
        SocketIoClient c = clients.get(receivers + k);
        if (!c.isOpen()) {
            return;
        }
        outstanding[k].incrementAndGet();
        sent.incrementAndGet();
        c.send(frame(k + "." + counters[k].incrementAndGet() + "." + System.nanoTime(), textPad));
    }

    @Override
    public void chat(SocketIoClient client, String frame, long nanos) {
        int p = frame.indexOf(ID) + ID.length();
        int dot1 = frame.indexOf('.', p);
        int dot2 = frame.indexOf('.', dot1 + 1);
        int end = frame.indexOf('"', dot2);
        int from = Integer.parseInt(frame, p, dot1, 10);
        long n = Long.parseLong(frame, dot1 + 1, dot2, 10);
        long micros = (nanos - Long.parseLong(frame, dot2 + 1, end, 10)) / 1000;
        boolean ack = senderOf[client.index] == from;
        long[] last = lastN[client.index];
        boolean disorder = n != last[from] + 1;
        last[from] = n;
        Stats s = stats.get(client.index);
        synchronized (s) {
            if (disorder) {
                s.orderErrors++;
            }
            s.deliveries++;
            s.bytes += frame.length();
            Latencies.record(s.latency, micros);
            if (ack) {
                s.acks++;
                Latencies.record(s.ack, micros);
            }
        }
        if (ack) {
            outstanding[from].decrementAndGet();
        }
    }

    private Window measure(int seconds) throws InterruptedException {
        for (int i = 0; i < stats.length(); i++) {
            stats.set(i, new Stats());
        }
        long sent0 = sent.get();
        long cpu0 = ProcStats.cpuNanos(pid);
        long sys0 = ProcStats.systemNanos(pid);
        long ticked0 = ProcStats.tickedCpuNanos(pid);
        Map<String, Long> threads0 = ProcStats.threadCpuNanos(pid);
        long gen0 = ProcStats.ownCpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        List<Stats> old = new ArrayList<>();
        for (int i = 0; i < stats.length(); i++) {
            old.add(stats.getAndSet(i, new Stats()));
        }
        long t1 = System.nanoTime();
        long cpu1 = ProcStats.cpuNanos(pid);
        long sys1 = ProcStats.systemNanos(pid);
        long ticked1 = ProcStats.tickedCpuNanos(pid);
        Map<String, Long> threads1 = ProcStats.threadCpuNanos(pid);
        long gen1 = ProcStats.ownCpuNanos();
        double wall = (t1 - t0) / 1e9;
        Histogram latency = Latencies.histogram();
        Histogram ack = Latencies.histogram();
        long deliveries = 0;
        long bytes = 0;
        long acks = 0;
        long disorder = 0;
        for (Stats s : old) {
            synchronized (s) {
                disorder += s.orderErrors;
                latency.add(s.latency);
                ack.add(s.ack);
                deliveries += s.deliveries;
                bytes += s.bytes;
                acks += s.acks;
            }
        }
        return new Window(wall, sent.get() - sent0, deliveries, bytes, acks, latency, ack, cpu1 - cpu0,
                ProcStats.kernelNanos(sys1 - sys0, ticked1 - ticked0, cpu1 - cpu0),
                gen1 - gen0, ProcStats.topThreads(threads0, threads1, 3, wall), disorder);
    }

    @Override
    public void close() {
        running = false;
        for (SocketIoClient c : clients) {
            try {
                c.closeBlocking();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
