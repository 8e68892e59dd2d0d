package dev.parley.client.live;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.parley.client.live.JitterScript.every;
import static dev.parley.client.live.JitterScript.script;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JitterBuffer} after a re-buffer: late audio that comes in a burst under the trim limit would keep the
 * listener that far behind for good; once that surplus has lasted {@link JitterBuffer#CATCH_UP_AFTER}, the oldest of it
 * is dropped and the stream is as live as at its start. Streams that must play whole, and ordinary jitter, are left
 * alone.
 */
class JitterBufferCatchUpTest {
    /**
     * 120 ms in 20 ms chunks, then nothing until the 140 ms held up on the way arrive at once at 250 ms (after an
     * underrun), then a chunk every 20 ms again until 1940 ms, when the stream ends.
     */
    private static List<String> delayedBurst(String start) {
        List<String> s = new ArrayList<>(List.of("0 " + start + " A"));
        s.addAll(every(0, 20, 6, "A"));
        s.addAll(every(250, 0, 7, "A"));
        s.addAll(every(260, 20, 85, "A"));
        s.add("1940 end A");
        return s;
    }

    @Test
    void aBurstUnderTheTrimLimitAfterARebufferIsDroppedOnceItHasLastedAndTheStreamIsLiveAgain() {
        JitterScript run = new JitterScript();
        run.play(delayedBurst("start"), 2400);
        // from 250 ms on the listener is 140 ms behind; a second later the oldest 80 ms of that go, and the stream ends
        // 70 ms after its last chunk came (it would have been 150 ms), as live as when it started
        assertThat(run.events).containsExactly("40 started A", "170 underrun A", "1250 dropped A 2560",
                "2010 finished A");
        assertThat(run.sinkRanges()).containsExactly("A 0-17919", "A 19200-31359");
        assertThat(run.buffer.isIdle()).isTrue();
    }

    @Test
    void aStreamPlayedWholeIsNeverCaughtUp() {
        JitterScript run = new JitterScript();
        run.play(delayedBurst("whole"), 2400);
        assertThat(run.events).noneMatch(e -> e.contains("dropped"));
        assertThat(run.sinkRanges()).containsExactly("A 0-31359");
    }

    @Test
    void ordinaryJitterIsNeverDroppedToCatchUp() {
        List<String> arrivals = new ArrayList<>(script());
        for (int i = 0; i < 100; i++) {
            arrivals.add((i * 20 + (i * 7) % 18) + " chunk A"); // each chunk up to 17 ms late
        }
        arrivals.add("2000 end A");
        JitterScript run = new JitterScript();
        run.play(arrivals, 2200);
        assertThat(run.events).noneMatch(e -> e.contains("dropped") || e.contains("underrun"));
        assertThat(run.sinkRanges()).containsExactly("A 0-31999");
    }

    @Test
    void aStreamBehindAnotherIsWaitingAndStopAllStopsBoth() {
        JitterScript run = new JitterScript();
        run.play(script(every(0, 20, 5, "A"), "30 start B", every(30, 20, 3, "B")), 80);
        LiveKey a = new LiveKey("A", "v-A");
        LiveKey b = new LiveKey("B", "v-B");
        assertThat(run.buffer.waiting(a)).as("it plays").isFalse();
        assertThat(run.buffer.waiting(b)).isTrue();
        assertThat(run.buffer.waiting(new LiveKey("C", "v-C"))).as("not here at all").isFalse();
        run.buffer.stopAll();
        assertThat(run.events).containsExactly("40 started A", "81 stopped A", "81 stopped B");
        assertThat(run.buffer.isIdle()).isTrue();
    }
}
