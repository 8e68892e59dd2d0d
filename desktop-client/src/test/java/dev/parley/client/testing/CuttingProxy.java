package dev.parley.client.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP forwarder on 127.0.0.1 (OS-chosen port) in front of a relay, bytes passed through as they are (TLS stays end
 * to end). {@link #cutClients()} drops the app's side of every connection and keeps the relay's side open: what a
 * laptop that slept or a phone that roamed leaves behind, a connection the relay still holds.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int relayPort;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    /** Relay sides of cut connections: held (open) until the proxy closes. */
    private final List<Socket> cut = new CopyOnWriteArrayList<>();

    /** One connection through the proxy. */
    private record Pair(Socket client, Socket relay, AtomicBoolean cut) {
    }

    public CuttingProxy(int relayPort) throws IOException {
        this.relayPort = relayPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket relay = new Socket();
                try {
                    relay.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort), 5000);
                } catch (IOException e) {
                    client.close(); // the relay is away: so is the proxy's answer
                    continue;
                }
                Pair pair = new Pair(client, relay, new AtomicBoolean());
                pairs.add(pair);
                pump(client, relay, pair, "proxy-up");
                pump(relay, client, pair, "proxy-down");
            } catch (IOException e) {
                // the proxy closed
            }
        }
    }

    /** Copies {@code from} to {@code to}; at the end passes the close on, unless the pair was cut (then nothing). */
    private static void pump(Socket from, Socket to, Pair pair, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // one side went
            }
            if (!pair.cut().get()) {
                try {
                    to.shutdownOutput();
                } catch (IOException e) {
                    // already closed
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Resets the app's side of every connection so far; the relay's side stays open and silent (the relay notices only
     * after its dead-peer timeout). New connections are forwarded as before.
     */
    public void cutClients() throws IOException {
        for (Pair p : pairs) {
            p.cut().set(true);
            cut.add(p.relay());
            p.client().setSoLinger(true, 0); // a reset: the app learns at once
            p.client().close();
        }
        pairs.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Pair p : pairs) {
            p.client().close();
            p.relay().close();
        }
        for (Socket s : cut) {
            s.close();
        }
    }
}
