package dev.parley.bench;

import dev.parley.bench.support.Pinning;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * N idle joined TLS connections (rooms of {@code roomSize} members, so presence traffic stays linear): time to
 * connect them all, the relay's live heap (after a full GC) and RSS per connection, its CPU while they idle, and
 * its CPU while connections that never send a TLS ClientHello are open.
 */
final class Connections {
    private Connections() {
    }

    /**
     * One run against a fresh server; figures by name. {@code tlsSession} gets the protocol and cipher suite of the
     * first connection (e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384").
     */
    static Map<String, Double> run(ChildServer relay, int n, int roomSize, int parallel, int stalled,
                                   Consumer<String> tlsSession) throws IOException, InterruptedException {
        Map<String, Double> f = new LinkedHashMap<>();
        long heap0 = relay.heapAfterGcBytes();
        long rss0 = relay.rssBytes();
        SSLSocketFactory tls = Pinning.context(relay.fingerprint).getSocketFactory();
        List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long cpu0 = relay.cpuNanos();
        long t0 = System.nanoTime();
        try {
            int first = n / 5;
            int failed = connect(relay, tls, pool, sockets, roomSize, 0, first);
            long pause0 = System.nanoTime();
            long pauseCpu0 = relay.cpuNanos();
            long heapFirst = relay.heapAfterGcBytes();
            long rssFirst = relay.rssBytes();
            long pause = System.nanoTime() - pause0; // the mid-way measurement is not connecting time
            long pauseCpu = relay.cpuNanos() - pauseCpu0;
            failed += connect(relay, tls, pool, sockets, roomSize, first, n);
            double connectSeconds = (System.nanoTime() - t0 - pause) / 1e9;
            long connectCpu = relay.cpuNanos() - cpu0 - pauseCpu;
            synchronized (sockets) {
                SSLSession session = ((SSLSocket) sockets.get(0)).getSession();
                tlsSession.accept(session.getProtocol() + " " + session.getCipherSuite());
            }
            f.put("connections", (double) sockets.size());
            f.put("failed joins (retried)", (double) failed);
            f.put("connect all s", connectSeconds);
            f.put("connects/s", n / connectSeconds);
            f.put("relay CPU ms/connect", connectCpu / 1e6 / n);
            Thread.sleep(1000);
            long heap1 = relay.heapAfterGcBytes();
            long rss1 = relay.rssBytes();
            f.put("relay heap MB (after GC)", heap1 / 1e6);
            f.put("relay RSS MB", rss1 / 1e6);
            f.put("heap KB/connection", (heap1 - heap0) / 1024.0 / n);
            f.put("RSS KB/connection", (rss1 - rss0) / 1024.0 / n);
            // the last 80 % alone: without the one-off growth of the first connections (JIT code, metaspace)
            f.put("marginal heap KB/conn", (heap1 - heapFirst) / 1024.0 / (n - first));
            f.put("marginal RSS KB/conn", (rss1 - rssFirst) / 1024.0 / (n - first));
            f.put("idle relay CPU %", cpuPercent(relay, 3));
            List<Socket> silent = new ArrayList<>();
            try {
                for (int i = 0; i < stalled; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress(relay.host, relay.port), 5000);
                    silent.add(s); // TCP only: never a ClientHello
                }
                Thread.sleep(500); // accepting them is a one-off; measured: waiting for their ClientHello (deadline 5 s)
                f.put("relay CPU % w/ " + stalled + " no-TLS", cpuPercent(relay, 3));
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
        } finally {
            pool.shutdownNow();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
        return f;
    }

    /**
     * Joins members {@code from..to-1}; a join that fails is reported (with the relay's log lines about that
     * nick) and tried once more under a new nick, so one refusal does not end the run. Returns the failures.
     */
    private static int connect(ChildServer relay, SSLSocketFactory tls, ExecutorService pool, List<Socket> sockets,
                               int roomSize, int from, int to) throws IOException, InterruptedException {
        List<Future<?>> joins = new ArrayList<>();
        AtomicInteger failures = new AtomicInteger();
        for (int i = from; i < to; i++) {
            int id = i;
            joins.add(pool.submit(() -> {
                String room = "idle-" + id / roomSize;
                try {
                    sockets.add(RawJoin.join(tls, relay.host, relay.port, room, "c" + id));
                } catch (IOException e) {
                    failures.incrementAndGet();
                    java.util.regex.Matcher local = java.util.regex.Pattern.compile("127\\.0\\.0\\.1:\\d+")
                            .matcher(String.valueOf(e.getMessage()));
                    System.err.println("join failed: " + e.getMessage() + (local.find() ? relay.logLinesAbout(local.group()) : ""));
                    sockets.add(RawJoin.join(tls, relay.host, relay.port, room, "c" + id + "-again"));
                }
                return null;
            }));
        }
        for (Future<?> j : joins) {
            try {
                j.get();
            } catch (ExecutionException e) {
                throw new IOException("a connection failed twice after " + sockets.size() + ": " + e.getCause(), e.getCause());
            }
        }
        return failures.get();
    }

    private static double cpuPercent(ChildServer relay, int seconds) throws InterruptedException {
        long c0 = relay.cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return 100.0 * (relay.cpuNanos() - c0) / (System.nanoTime() - t0);
    }
}
