package dev.parley.bench.mumble;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One speaker and L listeners connected to murmur (all in its root channel), streaming transmissions in real time and
 * checking every packet each listener gets.
 *
 * <p>A transmission ({@link #transmit}) is one packet every {@code frameMs} by the clock (each when its audio would be
 * captured, not as fast as possible): Opus, target 0, a sequence number going up by one, one frame of {@code opusBytes}
 * bytes that differ from packet to packet, the terminator bit on the last. It ends when every listener has the last
 * packet. Every listener checks every packet: from the speaker's session, sequence numbers consecutive, bytes exactly
 * the speaker's packet with the session inserted.
 */
public final class MumbleRoom implements AutoCloseable {
    /** The most bytes one Opus frame in a voice packet can have. */
    public static final int MAX_OPUS_BYTES = VoicePacket.MAX_OPUS_BYTES;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration PING_EVERY = Duration.ofSeconds(5);
    /** How long after the speaker's last packet every listener must have it. */
    private static final long DELIVERY_TIMEOUT_MILLIS = 15_000;

    /**
     * What the listeners of one transmission got. {@code startedFirst}: listeners whose first packet was the first
     * one; {@code late}: listeners without the last packet when the wait ended; {@code problem}: why, or null.
     */
    public record Delivery(int packets, int listeners, long exact, long received, long outOfOrder, long wrongBytes,
                           int startedFirst, long[] latencyNanos, long[] sendLagNanos, long late, String problem) {
        public long expectedCopies() {
            return (long) packets * listeners;
        }

        public long missingCopies() {
            return Math.max(0, expectedCopies() - received);
        }
    }

    private final ScheduledExecutorService pings;
    private final int opusBytes;
    private final long seed;
    private final List<MumbleClient> clients = new ArrayList<>();
    private final AtomicLong strays = new AtomicLong();
    private MumbleClient speaker;
    private volatile Round round;
    private long nextSequence;

    private MumbleRoom(int opusBytes, long seed) {
        if (opusBytes < 1 || opusBytes > VoicePacket.MAX_OPUS_BYTES) {
            throw new IllegalArgumentException("Opus bytes 1.." + VoicePacket.MAX_OPUS_BYTES);
        }
        this.opusBytes = opusBytes;
        this.seed = seed;
        this.pings = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mumble-pings");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects {@code listeners} listeners, then the speaker, to murmur at {@code host:port} ({@code tls} pins its
     * certificate), named {@code names} followed by "l0", "l1", … and "speaker": murmur 1.3 lets a name reused from
     * the same address take over the older connection, so each room needs names of its own.
     */
    public static MumbleRoom join(String host, int port, SSLContext tls, String names, int listeners, int opusBytes,
                                  long seed) throws IOException, InterruptedException {
        MumbleRoom room = new MumbleRoom(opusBytes, seed);
        try {
            for (int i = 0; i < listeners; i++) {
                int index = i;
                room.clients.add(MumbleClient.connect(host, port, tls, names + "l" + i,
                        (p, t) -> room.onVoice(index, p, t), room.pings, PING_EVERY, CONNECT_TIMEOUT));
            }
            room.speaker = MumbleClient.connect(host, port, tls, names + "speaker", null, room.pings, PING_EVERY,
                    CONNECT_TIMEOUT);
            room.clients.add(room.speaker);
        } catch (IOException | InterruptedException | RuntimeException e) {
            room.close();
            throw e;
        }
        return room;
    }

    public int listeners() {
        return clients.size() - 1;
    }

    public int opusBytes() {
        return opusBytes;
    }

    /** The TLS protocol and cipher suite murmur chose, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    public String tls() {
        return speaker.tls();
    }

    /** Packets that came from another session, outside a transmission, or unreadable, so far. */
    public long strays() {
        return strays.get();
    }

    /** Clients that failed or were refused a permission, so far, one line each. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (MumbleClient c : clients) {
            if (c.failure() != null) {
                problems.add(c.name() + ": " + c.failure());
            }
            if (c.lastDenied() != null) {
                problems.add(c.name() + " was refused a permission: " + c.lastDenied());
            }
        }
        return problems;
    }

    /**
     * Sends {@code packets} packets in real time, packet k at t0 + (k + 1) × {@code frameMs}, and waits until every
     * listener has the last one (at most 15 s).
     */
    public Delivery transmit(int packets, int frameMs) throws IOException, InterruptedException {
        Round r = new Round(packets);
        round = r;
        long frame = TimeUnit.MILLISECONDS.toNanos(frameMs);
        long t0 = System.nanoTime();
        for (int k = 0; k < r.count; k++) {
            long due = t0 + (k + 1) * frame;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            r.sendLagNanos[k] = now - due;
            r.sentNanos.set(k, now);
            speaker.sendVoice(r.packets[k]);
        }
        String problem = null;
        if (!r.delivered.await(DELIVERY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
            problem = r.delivered.getCount() + " listener(s) did not get the last packet (sequence "
                    + (r.first + r.count - 1) + ") within " + DELIVERY_TIMEOUT_MILLIS / 1000 + " s"
                    + problems().stream().findFirst().map(p -> "; " + p).orElse("");
        }
        return r.delivery(problem);
    }

    /** One transmission: its packets (sequence {@code first} ..), when each left, and what each listener saw. */
    private final class Round {
        final long first;
        final int count;
        final long speakerSession;
        final byte[][] packets;
        final AtomicLongArray sentNanos;
        final long[] sendLagNanos;
        final Tally[] tallies;
        final CountDownLatch delivered;

        Round(int count) {
            this.first = nextSequence;
            this.count = count;
            this.speakerSession = speaker.session();
            this.packets = new byte[count][];
            for (int k = 0; k < count; k++) {
                long seq = first + k;
                packets[k] = VoicePacket.fromClient(seq, VoicePacket.syntheticOpus(seed, seq, opusBytes),
                        k == count - 1);
            }
            this.sentNanos = new AtomicLongArray(count);
            this.sendLagNanos = new long[count];
            this.tallies = new Tally[listeners()];
            for (int i = 0; i < tallies.length; i++) {
                tallies[i] = new Tally(count);
            }
            this.delivered = new CountDownLatch(tallies.length);
            nextSequence += count;
        }

        /** What the server should send a listener for packet {@code k}: the speaker's packet with its session. */
        byte[] expected(int k) {
            return VoicePacket.relayedCopy(speakerSession, packets[k]);
        }

        Delivery delivery(String problem) {
            long exact = 0;
            long received = 0;
            long outOfOrder = 0;
            long wrong = 0;
            int startedFirst = 0;
            List<long[]> latencies = new ArrayList<>();
            for (Tally t : tallies) {
                synchronized (t) {
                    exact += t.exact;
                    received += t.received;
                    outOfOrder += t.outOfOrder;
                    wrong += t.wrongBytes;
                    startedFirst += t.startedFirst ? 1 : 0;
                    latencies.add(Arrays.copyOf(t.latencyNanos, t.latencies));
                }
            }
            return new Delivery(count, tallies.length, exact, received, outOfOrder, wrong, startedFirst,
                    latencies.stream().flatMapToLong(Arrays::stream).toArray(), sendLagNanos.clone(),
                    delivered.getCount(), problem);
        }
    }

    /** One listener in one round; written on its reader thread, read after the round under its monitor. */
    private static final class Tally {
        final long[] latencyNanos;
        int latencies;
        long next = -1;
        int received;
        int exact;
        int outOfOrder;
        int wrongBytes;
        boolean startedFirst;
        boolean done;

        Tally(int count) {
            latencyNanos = new long[count];
        }
    }

    private void onVoice(int listener, byte[] packet, long receivedNanos) {
        Round r = round;
        VoicePacket.Relayed v;
        try {
            v = VoicePacket.parseRelayed(packet);
        } catch (IllegalArgumentException e) {
            v = null;
        }
        if (r == null || v == null || v.session() != r.speakerSession || v.sequence() < r.first
                || v.sequence() >= r.first + r.count) {
            strays.incrementAndGet();
            return;
        }
        int k = (int) (v.sequence() - r.first);
        Tally t = r.tallies[listener];
        synchronized (t) {
            if (t.next < 0) {
                t.startedFirst = k == 0;
            }
            if (t.next >= 0 && v.sequence() != t.next || t.next < 0 && k != 0) {
                t.outOfOrder++;
            }
            t.next = v.sequence() + 1;
            t.received++;
            if (Arrays.equals(packet, r.expected(k))) {
                t.exact++;
            } else {
                t.wrongBytes++;
            }
            long sent = r.sentNanos.get(k);
            if (sent != 0 && t.latencies < t.latencyNanos.length) {
                t.latencyNanos[t.latencies++] = receivedNanos - sent;
            }
            if (k == r.count - 1 && !t.done) {
                t.done = true;
                r.delivered.countDown();
            }
        }
    }

    /** Closes every client (the speaker's and listeners' TLS connections) and stops their pings. */
    @Override
    public void close() {
        round = null;
        pings.shutdownNow();
        for (MumbleClient c : clients) {
            c.close();
        }
    }
}
