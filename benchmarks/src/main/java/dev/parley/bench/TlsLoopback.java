package dev.parley.bench;

import dev.parley.bench.support.Pinning;
import dev.parley.bench.support.ProcStats;
import dev.parley.protocol.CertificateFingerprint;
import dev.parley.relay.tls.RelayIdentity;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reference point (2): the raw TLS throughput of one JSSE socket pair on loopback, in this JVM (the ceiling for
 * bytes: one stream, encrypt + decrypt on the same machine). Same certificate kind and TLS versions as the relay.
 */
final class TlsLoopback {
    private static final int CHUNK = 16 * 1024;

    private TlsLoopback() {
    }

    /** Windows of {@code seconds} after a one-second warm-up; bytes = payload bytes received. */
    static List<Window> measure(int seconds, int runs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-bench-tls");
        RelayIdentity identity = RelayIdentity.loadOrGenerate(dir);
        try (var files = Files.list(dir)) { // the throwaway key is in memory now: leave none in /tmp
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
        SSLContext server;
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity.keyStore(), identity.password());
            server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        SSLContext client = Pinning.context(CertificateFingerprint.sha256(identity.certificate()));
        AtomicLong received = new AtomicLong();
        List<Window> out = new ArrayList<>();
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            Thread reader = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[64 * 1024];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        received.addAndGet(n);
                    }
                } catch (IOException e) {
                    System.err.println("tls reader: " + e);
                }
            }, "tls-reader");
            reader.setDaemon(true);
            reader.start();
            try (SSLSocket s = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                s.startHandshake();
                String cipher = s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
                System.out.println("TLS loopback reference: one JSSE socket pair, " + cipher);
                OutputStream o = s.getOutputStream();
                byte[] chunk = new byte[CHUNK];
                new java.util.Random(7).nextBytes(chunk);
                long warmEnd = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < warmEnd) {
                    o.write(chunk);
                }
                for (int r = 0; r < runs; r++) {
                    long b0 = received.get();
                    long cpu0 = ProcStats.ownCpuNanos();
                    long t0 = System.nanoTime();
                    long end = t0 + seconds * 1_000_000_000L;
                    while (System.nanoTime() < end) {
                        o.write(chunk);
                    }
                    long t1 = System.nanoTime();
                    long bytes = received.get() - b0;
                    long cpu = ProcStats.ownCpuNanos() - cpu0;
                    out.add(new Window((t1 - t0) / 1e9, 0, bytes / CHUNK, bytes, 0, Latencies.histogram(), Latencies.histogram(),
                            cpu, 0, cpu, "", 0));
                }
            }
            reader.join(5000);
        }
        return out;
    }
}
