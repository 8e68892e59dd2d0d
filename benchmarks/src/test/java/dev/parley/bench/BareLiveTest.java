package dev.parley.bench;

import dev.parley.bench.support.Pinning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live scenario's load on the bare Netty server, a real child process on 127.0.0.1: the relay's own frames are
 * forwarded to every listener, the speaker gets nothing back, and a message ends with each listener's last chunk.
 */
class BareLiveTest {
    private static ChildServer bare;

    @BeforeAll
    static void startBare() throws Exception {
        bare = ChildServer.bare(List.of(), List.of("--event-loops", "1"), "bare Netty 1 loop");
    }

    @AfterAll
    static void stopBare() {
        if (bare != null) {
            bare.close();
        }
    }

    @Test
    void everyListenerGetsEveryChunkInOrderAndTheSpeakerNoEcho() throws Exception {
        try (Live live = Live.forwarding(bare, Pinning.context(bare.fingerprint), "bare-paced", 3, 20)) {
            LiveMessage m = live.stream(0.2, true);
            assertThat(m.ended.getCount()).as("every listener's last chunk came").isZero();
            assertThat(m.goodCopies.get()).as("10 chunks x 3 listeners, in order, the bytes sent").isEqualTo(30);
            assertThat(m.starts.get()).as("voice-start reached the listeners, not the speaker").isEqualTo(3);
            assertThat(m.orderErrors.get() + m.payloadErrors.get()).isZero();
            assertThat(live.anomalies()).as("no chunk of an unknown stream, no error").isZero();
            assertThat(live.takeLatency().getTotalCount()).as("a latency per measured copy").isEqualTo(30);
        }
    }

    @Test
    void aPrimingRoundSendsEachChunkOnceTheListenersHaveTheOneBefore() throws Exception {
        try (Live live = Live.forwarding(bare, Pinning.context(bare.fingerprint), "bare-primed", 2, 20)) {
            long t0 = System.nanoTime();
            live.primeRound(500);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // paced, 500 chunks of 20 ms would take 10 s; unpaced, one at a time, they take a fraction of that
            assertThat(seconds).as("seconds for 500 unpaced chunks").isLessThan(10);
            LiveMessage next = live.stream(0.1, true);
            assertThat(next.goodCopies.get()).as("the stream after priming is whole").isEqualTo(10);
            assertThat(live.anomalies()).isZero();
        }
    }
}
