package dev.parley.client.live;

import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.AbortReason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a script of live-stream arrivals against a {@link JitterBuffer} on a virtual clock, pumping every 10 ms after
 * the events of that millisecond, and records what the sink and the listener got. "t chunk A" is the next 20 ms of A
 * (320 frames at 16 kHz mono); "t hold 150" holds the pumping thread up: no pump until 150 ms later (a device that
 * takes that long to open, a busy machine), then every 10 ms again; sample i of stream A has the value i, of stream B 20000 + i, so the sink's content
 * names exactly which audio it got, in which order.
 */
final class JitterScript {
    static final int FRAMES_PER_CHUNK = 320;
    private static final Map<String, Integer> BASE = Map.of("A", 0, "B", 20_000);

    final MutableClock clock = new MutableClock(0);
    final List<String> events = new ArrayList<>();
    final List<String> begun = new ArrayList<>();
    final List<int[]> sink = new ArrayList<>(); // {stream letter, sample}
    final Map<String, Integer> sentFrames = new HashMap<>();
    final JitterBuffer buffer = new JitterBuffer(this::write, new Recorder(), clock);

    /** No pump before this time: the pumping thread is held up ("t hold ms"). */
    private int heldUntil;

    void play(List<String> script, int untilMillis) {
        for (int t = 0; t <= untilMillis; t++) {
            for (String line : script) {
                String[] p = line.split(" ");
                if (Integer.parseInt(p[0]) == t) {
                    apply(t, p[1], p[2]);
                }
            }
            if (t % 10 == 0 && t >= heldUntil) {
                buffer.pump();
            }
            clock.advance(1);
        }
    }

    private void apply(int t, String what, String stream) {
        if (what.equals("hold")) {
            heldUntil = t + Integer.parseInt(stream);
            return;
        }
        LiveKey key = new LiveKey(stream, "v-" + stream);
        switch (what) {
            case "start" -> buffer.start(key, PcmFormat.VOICE);
            case "whole" -> assertThat(buffer.start(key, PcmFormat.VOICE, true)).as("new stream").isTrue();
            case "stop" -> buffer.stop(key);
            case "resend" -> {
                // what the owner kept of the stream so far, in chunks as they came
                for (int first = 0; first < sentFrames.getOrDefault(stream, 0); first += FRAMES_PER_CHUNK) {
                    buffer.chunk(key, samples(BASE.get(stream) + first, FRAMES_PER_CHUNK));
                }
            }
            case "chunk" -> {
                int first = sentFrames.merge(stream, FRAMES_PER_CHUNK, Integer::sum) - FRAMES_PER_CHUNK;
                buffer.chunk(key, samples(BASE.get(stream) + first, FRAMES_PER_CHUNK));
            }
            case "end" -> buffer.end(key);
            case "abort" -> buffer.abort(key, AbortReason.INTERRUPTED);
            default -> throw new IllegalArgumentException(what);
        }
    }

    private void write(LiveKey stream, PcmFormat format, byte[] pcm) {
        assertThat(format).isEqualTo(PcmFormat.VOICE);
        ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            sink.add(new int[]{stream.from().charAt(0), b.getShort()});
        }
    }

    /** The sink's samples as runs of consecutive values: "A 0-1599". */
    List<String> sinkRanges() {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < sink.size()) {
            int j = i;
            while (j + 1 < sink.size() && sink.get(j + 1)[0] == sink.get(i)[0]
                    && sink.get(j + 1)[1] == sink.get(j)[1] + 1) {
                j++;
            }
            out.add((char) sink.get(i)[0] + " " + sink.get(i)[1] + "-" + sink.get(j)[1]);
            i = j + 1;
        }
        return out;
    }

    private final class Recorder implements JitterBuffer.Listener {
        private void add(String event, LiveKey k) {
            events.add(clock.millis() + " " + event + " " + k.from());
        }

        @Override
        public void started(LiveKey stream) {
            add("started", stream);
        }

        @Override
        public void underrun(LiveKey stream) {
            add("underrun", stream);
        }

        @Override
        public void dropped(LiveKey stream, int bytes) {
            add("dropped", stream);
            events.set(events.size() - 1, events.get(events.size() - 1) + " " + bytes);
        }

        @Override
        public void finished(LiveKey stream) {
            add("finished", stream);
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            add("aborted", stream);
            events.set(events.size() - 1, events.get(events.size() - 1) + " " + reason.wire());
        }

        @Override
        public void stopped(LiveKey stream) {
            add("stopped", stream);
        }

        @Override
        public void began(LiveKey stream) {
            begun.add(clock.millis() + " " + stream.from());
        }
    }

    private static byte[] samples(int first, int count) {
        ByteBuffer b = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        IntStream.range(first, first + count).forEach(v -> b.putShort((short) v));
        return b.array();
    }

    /** Arrivals of {@code count} chunks of {@code stream} from {@code from} ms every {@code step} ms (0: all at once). */
    static List<String> every(int from, int step, int count, String stream) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add((from + i * step) + " chunk " + stream);
        }
        return out;
    }

    static List<String> at(String stream, int... times) {
        List<String> out = new ArrayList<>();
        for (int t : times) {
            out.add(t + " chunk " + stream);
        }
        return out;
    }

    /** A script: "0 start A" first, then the given lines (lists or strings) in order. */
    static List<String> script(Object... parts) {
        List<String> out = new ArrayList<>(List.of("0 start A"));
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add((String) x));
            } else {
                out.add((String) p);
            }
        }
        return out;
    }
}
