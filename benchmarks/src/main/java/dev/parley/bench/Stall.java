package dev.parley.bench;

import dev.parley.bench.support.Pinning;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Issue 9's slow consumer: in one room, reading receivers, one sender and one {@link StalledMember} that joins and
 * then never reads. The sender sends a fixed number of clips, keeping {@code window} of them unacknowledged (its own
 * echo is the acknowledgement). A few clips first, before the stalled member joins, warm the relay's voice path
 * (JIT, buffer pools), so that "before" is a relay that has carried clips. Measured: the relay's memory before, at its peak while sending and after; whether
 * and when the others were told the stalled member left; what the stalled socket finally holds (its close frame,
 * 1013 expected); and whether every reading receiver got every clip, in {@code seq} order.
 */
final class Stall implements BenchClient.Listener {
    static final String STALLED = "stalled";
    private static final String ROOM = "stall";
    private static final String SENDER = "s0";
    /** The relay drops a slow consumer's connection 2 s after its close frame; wait a little longer than that. */
    private static final long SETTLE_MILLIS = 3_000;

    /**
     * One run's figures; memory in bytes, times in ms after the first clip was sent.
     *
     * @param dropMs         when the relay logged the slow-consumer drop (NaN: it did not)
     * @param leaves         how many of the others got {@code presence leave} for the stalled member
     * @param sentAtLeave    clips the sender had sent when the first of them got it (-1: none did)
     * @param everyClip      every reading receiver (and the sender, its echoes) got every clip, in seq order
     */
    record Result(String bound, int clips, long heapBefore, long rssBefore, long heapPeak, long rssPeak,
                  long heapAfter, long rssAfter, double dropMs, int leaves, int others, double firstLeaveMs, double lastLeaveMs,
                  int sentAtLeave, StalledMember.End end, boolean everyClip, double sendSeconds) {
    }

    /** What one member saw; written on its read thread, read at the end: guarded by its own monitor. */
    private static final class Seen {
        int clips;
        long firstSeq;
        long lastSeq;
        int orderErrors;
        int wrongSize;
        long leaveNanos = -1;
        int sentAtLeave;
    }

    private final int clips;
    private final byte[] clip;
    private final int window;
    private final AtomicReferenceArray<Seen> seen;
    private final List<BenchClient> members = new ArrayList<>();
    private final AtomicInteger echoes = new AtomicInteger();
    private volatile CountDownLatch echoed = new CountDownLatch(1);
    private volatile int target;
    private BenchClient sender;
    private int senderIndex;
    private int sentClips; // guarded by this
    private int lastId; // guarded by this: ids stay unique across phases (the relay dedupes by id)
    private volatile long t0;

    private Stall(int readers, int clips, int clipBytes, int window) {
        this.seen = new AtomicReferenceArray<>(readers + 1);
        this.clips = clips;
        this.window = window;
        byte[] pcm = new byte[Math.max(2, (clipBytes - 44) & ~1)];
        new java.util.Random(42).nextBytes(pcm);
        this.clip = Wav.write(pcm, 16000, 1);
    }

    /** One run against a fresh relay whose slow-consumer bound is {@code bound} (as the report names it). */
    static Result run(ChildServer relay, String bound, int readers, int clips, int clipBytes, int window,
                      int warmClips, int receiveBuffer) throws IOException, InterruptedException {
        Stall s = new Stall(readers, clips, clipBytes, window);
        SSLContext tls = Pinning.context(relay.fingerprint);
        try {
            for (int i = 0; i <= readers; i++) {
                s.seen.set(i, new Seen());
                String nick = i < readers ? "r" + i : SENDER;
                s.members.add(BenchClient.join(relay, tls, ROOM, nick, i, s));
            }
            s.senderIndex = readers;
            s.sender = s.members.get(readers);
            if (warmClips > 0) {
                s.send(warmClips);
            }
            try (StalledMember stalled = StalledMember.join(tls.getSocketFactory(), relay, ROOM, STALLED, receiveBuffer)) {
                return s.measure(relay, bound, stalled, receiveBuffer);
            }
        } finally {
            for (BenchClient c : s.members) {
                c.closeBlocking();
            }
        }
    }

    private Result measure(ChildServer relay, String bound, StalledMember stalled, int receiveBuffer)
            throws IOException, InterruptedException {
        long heapBefore = relay.heapAfterGcBytes();
        long rssBefore = relay.rssBytes();
        MemoryPeak peak = MemoryPeak.start(relay);
        LogWatch drop = LogWatch.start(relay, "slow consumer");
        double sendSeconds;
        try {
            sendSeconds = send(clips);
        } finally {
            peak.close();
        }
        Thread.sleep(SETTLE_MILLIS);
        drop.close();
        long heapAfter = relay.heapAfterGcBytes();
        long rssAfter = relay.rssBytes();
        StalledMember.End end = stalled.readToEnd(5_000);

        int leaves = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int sentAtLeave = -1;
        boolean everyClip = true;
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < seen.length(); i++) {
            Seen v = seen.get(i);
            synchronized (v) {
                boolean all = v.clips == clips && v.orderErrors == 0 && v.wrongSize == 0
                        && v.lastSeq - v.firstSeq == clips - 1;
                everyClip &= all;
                lines.add(members.get(i).nick + (i == senderIndex ? " (echoes) " : " ") + v.clips + "/" + clips
                        + (v.clips == 0 ? "" : ", seq " + v.firstSeq + ".." + v.lastSeq) + ", order errors "
                        + v.orderErrors + (v.wrongSize == 0 ? "" : ", wrong size " + v.wrongSize));
                if (v.leaveNanos >= 0) {
                    leaves++;
                    if (v.leaveNanos < first) {
                        first = v.leaveNanos;
                        sentAtLeave = v.sentAtLeave;
                    }
                    last = Math.max(last, v.leaveNanos);
                }
            }
        }
        double dropMs = drop.seenNanos() < 0 ? Double.NaN : (drop.seenNanos() - t0) / 1e6;
        Result r = new Result(bound, clips, heapBefore, rssBefore, peak.heapBytes(), peak.rssBytes(), heapAfter,
                rssAfter, dropMs, leaves, seen.length(), leaves == 0 ? Double.NaN : (first - t0) / 1e6,
                leaves == 0 ? Double.NaN : (last - t0) / 1e6, sentAtLeave, end, everyClip, sendSeconds);
        print(r, relay, peak, stalled, receiveBuffer, lines);
        return r;
    }

    private void print(Result r, ChildServer relay, MemoryPeak peak, StalledMember stalled, int receiveBuffer,
                       List<String> lines) throws IOException {
        int readers = seen.length() - 1;
        System.out.println();
        System.out.println("== stall, Parley relay, --max-buffered-bytes " + r.bound() + ": " + readers
                + " reading receivers + 1 sender + 1 stalled (receive buffer " + receiveBuffer + " asked, "
                + stalled.receiveBufferBytes() + " given), " + clips + " clips of " + clip.length + " bytes ("
                + Report.num(clips * (double) clip.length / 1e6) + " MB), window " + window);
        row("relay engine", relay.engine());
        row("sent", clips + " clips, last echo after " + Report.num(r.sendSeconds()) + " s ("
                + Report.num(clips * (double) clip.length / 1e6 / r.sendSeconds()) + " MB/s from the sender)");
        row("relay heap MB (after GC)", memory(r.heapBefore(), r.heapPeak(), r.heapAfter()));
        row("relay RSS MB", memory(r.rssBefore(), r.rssPeak(), r.rssAfter()) + "   (" + peak.samples() + ")");
        String log = relay.logLinesAbout("slow consumer");
        row("relay dropped it", Double.isNaN(r.dropMs()) ? "no slow-consumer line in the relay's log"
                : "logged " + Report.num(r.dropMs()) + " ms after the first clip: "
                + log.strip().replaceFirst("^relay: ", "").replaceFirst("^.*? - ", ""));
        row("presence leave for stalled", r.leaves() == 0 ? "none of the " + r.others() + " others got it"
                : r.leaves() + " of " + r.others() + " others, " + Report.num(r.firstLeaveMs()) + " .. "
                + Report.num(r.lastLeaveMs()) + " ms after the first clip ("
                + (Double.isNaN(r.dropMs()) ? "" : Report.num(r.firstLeaveMs() - r.dropMs()) + " ms after the drop; ")
                + r.sentAtLeave() + " of " + clips + " clips sent by then)");
        StalledMember.End e = r.end();
        row("stalled socket, read", "close " + e.close() + "; " + String.format(Locale.ROOT, "%,d", e.bytes())
                + " bytes after its welcome (" + e.clips() + " clips); then " + e.ending());
        for (String l : lines) {
            row("", l);
        }
        row("every clip, in seq order", r.everyClip() ? "yes, for every reading receiver and the sender's echoes" : "NO");
    }

    private static String memory(long before, long peak, long after) {
        return "before " + Report.num(before / 1e6) + "   peak " + Report.num(peak / 1e6) + "   after "
                + Report.num(after / 1e6);
    }

    private static void row(String figure, String value) {
        System.out.printf(Locale.ROOT, "  %-28s %s%n", figure, value);
    }

    /**
     * Sends {@code n} clips (window as given), waits for the sender's echoes and then (up to 10 s) for every reader
     * to have them all; every member's counts start from zero. Returns the seconds to the last echo.
     */
    private double send(int n) throws InterruptedException {
        for (int i = 0; i < seen.length(); i++) {
            seen.set(i, new Seen());
        }
        synchronized (this) {
            sentClips = 0;
        }
        target = n;
        echoes.set(0);
        echoed = new CountDownLatch(1);
        t0 = System.nanoTime();
        for (int i = 0; i < window; i++) {
            sendNext();
        }
        if (!echoed.await(120, TimeUnit.SECONDS)) {
            System.err.println("stall: the sender's echoes did not all come back within 120 s");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!allReadersDone(n) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return seconds;
    }

    private boolean allReadersDone(int n) {
        for (int i = 0; i < seen.length(); i++) {
            Seen v = seen.get(i);
            synchronized (v) {
                if (v.clips < n) {
                    return false;
                }
            }
        }
        return true;
    }

    private synchronized void sendNext() {
        if (sentClips < target && sender.isOpen()) {
            sentClips++;
            lastId++;
            sender.send(VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"stall-" + lastId + "\"}", clip));
        }
    }

    private synchronized int sent() {
        return sentClips;
    }

    @Override
    public void text(BenchClient client, String frame, long nanos) {
        if (!frame.startsWith("{\"type\":\"presence\"")) {
            return;
        }
        try {
            if (ServerCodec.decode(frame) instanceof ServerMessage.Presence p
                    && p.event() == ServerMessage.Presence.Event.LEAVE && p.nick().equals(STALLED)) {
                Seen v = seen.get(client.index);
                synchronized (v) {
                    if (v.leaveNanos < 0) {
                        v.leaveNanos = nanos;
                        v.sentAtLeave = sent();
                    }
                }
            }
        } catch (ProtocolException e) {
            System.err.println(client.nick + " got a presence it cannot read: " + e.getMessage());
        }
    }

    @Override
    public void binary(BenchClient client, ByteBuffer frame, long nanos) {
        ServerMessage message;
        int clipBytes;
        try {
            VoiceFrame.Parts parts = VoiceFrame.split(frame);
            message = ServerCodec.decode(parts.header());
            clipBytes = parts.clip().remaining();
        } catch (ProtocolException e) {
            System.err.println(client.nick + " got a voice frame it cannot read: " + e.getMessage());
            return;
        }
        if (!(message instanceof ServerMessage.Voice voice)) {
            System.err.println(client.nick + " got a binary frame that is not voice: " + message);
            return;
        }
        Seen s = seen.get(client.index);
        synchronized (s) {
            if (s.clips == 0) {
                s.firstSeq = voice.seq();
            } else if (voice.seq() != s.lastSeq + 1) {
                s.orderErrors++;
            }
            s.lastSeq = voice.seq();
            s.clips++;
            if (clipBytes != clip.length) {
                s.wrongSize++;
            }
        }
        if (client.index == senderIndex && voice.from().equals(SENDER)) {
            if (echoes.incrementAndGet() == target) {
                echoed.countDown();
            } else {
                sendNext();
            }
        }
    }
}
