package dev.parley.relay.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Numbered items back in order: early ones wait, repeats are dropped, numbers that never come can be given up. */
class SequenceTest {
    private final Sequence sequence = new Sequence();
    private final List<String> delivered = new ArrayList<>();
    private long last;

    private void offer(long n) {
        last = sequence.offer(last, n, SharedFrame.text("{\"n\":" + n + "}"), f -> delivered.add(f.text()));
    }

    @Test
    void inOrderItemsGoStraightThrough() {
        offer(1);
        offer(2);
        assertThat(delivered).containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(last).isEqualTo(2);
        assertThat(sequence.waiting()).isFalse();
    }

    @Test
    void anEarlyItemWaitsForTheOneBeforeIt() {
        offer(1);
        offer(3);
        offer(4);
        assertThat(delivered).containsExactly("{\"n\":1}");
        assertThat(sequence.firstWaiting()).isEqualTo(3);
        offer(2);
        assertThat(delivered).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
        assertThat(last).isEqualTo(4);
        assertThat(sequence.waiting()).isFalse();
    }

    @Test
    void repeatsAreDroppedWhetherDeliveredOrWaiting() {
        offer(1);
        offer(1);
        offer(3);
        offer(3);
        offer(2);
        assertThat(delivered).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
    }

    @Test
    void givingUpOnAGapDeliversWhatWaitedAboveIt() {
        last = 10;
        offer(14);
        offer(15);
        last = sequence.skipTo(last, 13, f -> delivered.add(f.text()));
        assertThat(delivered).containsExactly("{\"n\":14}", "{\"n\":15}");
        assertThat(last).isEqualTo(15);
        last = sequence.skipTo(last, 12, f -> delivered.add(f.text()));
        assertThat(last).isEqualTo(15);
    }
}
