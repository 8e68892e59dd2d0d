package dev.parley.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WindowTest {
    /** 2 s, 1,000 deliveries of 1 MB in all; the server used 4 ms of CPU. */
    private static Window window(Map<String, Long> beside) {
        return new Window(2.0, 100, 1000, 1_000_000, 0, Latencies.histogram(), Latencies.histogram(), 4_000_000, 0, 0,
                "", 0, beside);
    }

    @Test
    void eachProcessBesideTheServerHasItsOwnCpuFigures() {
        Map<String, Double> f = window(Map.of("PostgreSQL", 2_000_000L, "nats-server", 500_000L)).figures();
        assertThat(f.get("server CPU us/delivery")).isCloseTo(4.0, within(1e-9));
        assertThat(f.get("PostgreSQL CPU us/delivery")).isCloseTo(2.0, within(1e-9));
        assertThat(f.get("PostgreSQL CPU ms/MB")).isCloseTo(2.0, within(1e-9));
        assertThat(f.get("PostgreSQL CPU cores")).isCloseTo(0.001, within(1e-12));
        assertThat(f.get("nats-server CPU us/delivery")).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void copiesFromTheSendersRelayAndFromAnotherHaveLatencyFiguresOfTheirOwn() {
        Window.ByRelay byRelay = new Window.ByRelay();
        Histogram all = Latencies.histogram();
        for (long micros = 1_000; micros <= 100_000; micros += 1_000) { // 1 .. 100 ms from the other relay
            Latencies.record(all, micros);
            Latencies.record(byRelay.otherMicros(), micros);
            Latencies.record(all, 2_000); // 2 ms from the sender's
            Latencies.record(byRelay.sameMicros(), 2_000);
        }
        Map<String, Double> f = new Window(2.0, 100, 200, 1_000_000, 0, all, Latencies.histogram(), 4_000_000, 0, 0,
                "", 0, Map.of(), byRelay).figures();
        assertThat(f.get("other-relay latency p50 ms")).isCloseTo(50.0, within(0.5));
        assertThat(f.get("other-relay latency p99 ms")).isCloseTo(99.0, within(1.0));
        assertThat(f.get("same-relay latency p99 ms")).isCloseTo(2.0, within(0.01));
        assertThat(f.get("latency p50 ms")).isCloseTo(2.0, within(0.01));

        Map<String, Double> none = new Window(2.0, 100, 200, 1_000_000, 0, all, Latencies.histogram(), 4_000_000, 0, 0,
                "", 0, Map.of(), new Window.ByRelay()).figures();
        assertThat(none.get("other-relay latency p50 ms")).isNaN();
        assertThat(none.get("same-relay latency p99 ms")).isNaN();
    }

    @Test
    void aServerAloneHasNoFiguresOfOthers() {
        Window alone = new Window(2.0, 100, 1000, 1_000_000, 0, Latencies.histogram(), Latencies.histogram(), 4_000_000,
                0, 0, "", 0);
        assertThat(alone.besideCpuNanos()).isEmpty();
        assertThat(alone.figures().keySet()).noneMatch(k -> k.startsWith("PostgreSQL") || k.startsWith("nats")
                || k.contains("-relay"));
    }
}
