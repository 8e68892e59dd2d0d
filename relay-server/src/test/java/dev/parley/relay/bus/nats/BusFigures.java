package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.testing.NatsServer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints what the NATS bus carries between two relays' buses on this machine (one nats-server on 127.0.0.1): events
 * per second when one bus publishes as fast as it can, and publish-to-receive latency at a steady rate, for 200-byte
 * and 4 KiB events. A program, not a test: {@code java -cp ... dev.parley.relay.bus.nats.BusFigures}.
 */
public final class BusFigures {
    private BusFigures() {
    }

    /** Receives events, records the latency of those stamped with a send time. */
    private static final class Receiver implements ClusterBus.Listener {
        final AtomicInteger count = new AtomicInteger();
        volatile long[] latencies = new long[0];

        @Override
        public void received(String fromRelay, byte[] event) {
            long now = System.nanoTime();
            int n = count.getAndIncrement();
            long[] l = latencies;
            if (n < l.length) {
                l[n] = now - ByteBuffer.wrap(event).getLong();
            }
        }

        @Override
        public void down() {
            throw new IllegalStateException("NATS went down during the measurement");
        }

        @Override
        public void up() {
        }
    }

    public static void main(String[] args) throws Exception {
        try (NatsServer nats = NatsServer.open();
             NatsBus a = new NatsBus(ClusterOptions.parse(nats.url(), "figures"));
             NatsBus b = new NatsBus(ClusterOptions.parse(nats.url(), "figures"))) {
            Receiver receiver = new Receiver();
            a.start(new Receiver());
            b.start(receiver);
            System.out.println("nats-server " + nats.binary() + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores; two buses in one JVM");
            for (int size : new int[] {200, 4096}) {
                throughput(a, receiver, size, 20_000); // warm-up
                throughput(a, receiver, size, size == 200 ? 300_000 : 100_000);
                latency(a, receiver, size, 5_000, 5);
                latency(a, receiver, size, 20_000, 5);
            }
        }
    }

    private static void throughput(NatsBus a, Receiver r, int size, int events) throws InterruptedException {
        r.latencies = new long[0];
        r.count.set(0);
        long dropped = a.droppedEvents();
        byte[] event = new byte[size];
        long t0 = System.nanoTime();
        for (int i = 0; i < events; i++) {
            a.publish(event);
        }
        long published = System.nanoTime();
        long lost = a.droppedEvents() - dropped;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (r.count.get() < events - lost && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long t1 = System.nanoTime();
        System.out.printf(Locale.ROOT, "throughput %5d B: %,9d events in %6.0f ms = %,9.0f events/s (%,.1f MB/s),"
                        + " publishing took %.0f ms, %d dropped, %d received%n", size, events, (t1 - t0) / 1e6,
                r.count.get() * 1e9 / (t1 - t0), (double) r.count.get() * size * 1e3 / (t1 - t0),
                (published - t0) / 1e6, lost, r.count.get());
    }

    private static void latency(NatsBus a, Receiver r, int size, int perSecond, int seconds)
            throws InterruptedException {
        int events = perSecond * seconds;
        r.latencies = new long[events];
        r.count.set(0);
        long gap = 1_000_000_000L / perSecond;
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long due = start + i * gap;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 50_000));
            }
            byte[] event = new byte[size];
            ByteBuffer.wrap(event).putLong(System.nanoTime());
            a.publish(event);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (r.count.get() < events && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long[] l = Arrays.copyOf(r.latencies, Math.min(events, r.count.get()));
        Arrays.sort(l);
        System.out.printf(Locale.ROOT, "latency    %5d B at %,6d/s for %d s: p50 %6.0f us, p99 %6.0f us, max %7.0f us"
                        + " (%d of %d received)%n", size, perSecond, seconds, l[l.length / 2] / 1e3,
                l[l.length * 99 / 100] / 1e3, l[l.length - 1] / 1e3, l.length, events);
    }
}
