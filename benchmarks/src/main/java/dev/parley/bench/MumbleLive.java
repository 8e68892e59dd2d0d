package dev.parley.bench;

import dev.parley.bench.mumble.MumbleReference;
import dev.parley.bench.mumble.MumbleRoom;
import dev.parley.bench.support.Pinning;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The live scenario's load on murmur: a {@link MumbleRoom} (one speaker, L listeners, every packet checked) as a
 * {@link LiveLoad}, so that murmur is measured by the same code, over the same windows, as the Parley relay.
 *
 * <p>A message of S seconds is S ÷ chunk length voice packets, one per chunk by the clock, each with one Opus-sized
 * frame of 79 bytes per 20 ms (what a Mumble 1.3 client sent in a hand measurement; scaled with {@code --chunk-ms}),
 * the terminator bit on the last. It ends when every listener has the last packet: murmur stores nothing, so there is
 * no stored copy to wait for.
 */
final class MumbleLive implements LiveLoad {
    /** murmurd from {@code -Dparley.murmurd=PATH}, else on the PATH or in /usr/sbin; warm-up and idle: the live's. */
    static final MumbleReference.Options OPTIONS = new MumbleReference.Options(System.getProperty("parley.murmurd"), 0,
            0, MumbleReference.Options.defaults().opusBytes(), MumbleReference.Options.defaults().seed());

    private final MumbleRoom room;
    private final String name;
    private final int chunkMs;
    private Histogram latency = Latencies.histogram();
    private volatile String lastError;
    private int counter;

    private MumbleLive(MumbleRoom room, String name, int chunkMs) {
        this.room = room;
        this.name = name;
        this.chunkMs = chunkMs;
    }

    /** Joins {@code listeners} listeners, then the speaker, named after {@code room}, to murmur. */
    static MumbleLive join(ChildServer server, String room, int listeners, int chunkMs)
            throws IOException, InterruptedException {
        return new MumbleLive(MumbleRoom.join(server.host, server.port, Pinning.context(server.fingerprint), room + "-",
                listeners, opusBytes(chunkMs), OPTIONS.seed()), room, chunkMs);
    }

    /** The default frame's bytes scaled to {@code chunkMs} (the same bit rate), within what one frame can hold. */
    static int opusBytes(int chunkMs) {
        long bytes = Math.round(OPTIONS.opusBytes() * chunkMs / (double) MumbleReference.FRAME_MS);
        return (int) Math.max(1, Math.min(MumbleRoom.MAX_OPUS_BYTES, bytes));
    }

    @Override
    public int listenerCount() {
        return room.listeners();
    }

    @Override
    public String chunkContent() {
        return "one " + room.opusBytes() + "-byte Opus-sized frame in a Mumble voice packet (UDPTunnel over TLS)";
    }

    @Override
    public String tlsSession() {
        return room.tls();
    }

    /** Streams one transmission in real time and waits until every listener has its last packet. */
    @Override
    public LiveMessage stream(double seconds, boolean measured) throws InterruptedException {
        int chunks = Math.max(1, (int) Math.round(seconds * 1000 / chunkMs));
        LiveMessage m = LiveMessage.unstored(name + "-" + (++counter), chunks, chunkMs, room.opusBytes(), measured);
        m.startNanos = System.nanoTime();
        MumbleRoom.Delivery d;
        try {
            d = room.transmit(chunks, chunkMs);
        } catch (IOException e) {
            throw new UncheckedIOException("the Mumble speaker could not send", e);
        }
        m.endNanos = System.nanoTime();
        m.goodCopies.set((int) d.exact());
        m.orderErrors.set((int) d.outOfOrder());
        m.payloadErrors.set((int) d.wrongBytes());
        m.starts.set(d.startedFirst());
        for (long lag : d.sendLagNanos()) {
            Latencies.record(m.sendLag, lag / 1000);
        }
        if (measured) {
            synchronized (this) {
                for (long nanos : d.latencyNanos()) {
                    Latencies.record(latency, nanos / 1000);
                }
            }
        }
        if (d.problem() != null) {
            lastError = d.problem();
            System.err.println("live: " + m.id + ": " + d.problem());
        }
        return m;
    }

    @Override
    public synchronized Histogram takeLatency() {
        Histogram h = latency;
        latency = Latencies.histogram();
        return h;
    }

    /** Packets from another session or outside a transmission, and clients that failed or were refused. */
    @Override
    public long anomalies() {
        return room.strays() + room.problems().size();
    }

    @Override
    public String lastError() {
        List<String> problems = room.problems();
        return problems.isEmpty() ? lastError : problems.get(0);
    }

    @Override
    public void close() {
        room.close();
    }
}
