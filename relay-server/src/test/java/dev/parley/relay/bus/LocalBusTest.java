package dev.parley.relay.bus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The in-process bus keeps the real bus's promises, and plays outages on demand. */
class LocalBusTest extends ClusterBusContract {
    private static final int MAX = 64 * 1024;
    private final LocalBus hub = new LocalBus(MAX);

    @Override
    protected ClusterBus newBus() {
        return hub.newBus();
    }

    @Override
    protected void takeDown() {
        hub.disconnect();
    }

    @Override
    protected void bringUp() {
        hub.reconnect();
    }

    @Override
    protected int largestEvent() {
        return MAX;
    }

    @Test
    void whatIsPublishedWhileDisconnectedIsDroppedAndCounted() {
        Recorder rb = new Recorder();
        ClusterBus a = started(new Recorder());
        started(rb);
        hub.disconnect();
        for (int i = 0; i < 10; i++) {
            assertThat(a.publish(text("lost " + i))).isTrue();
        }
        assertThat(a.droppedEvents()).isEqualTo(10);
        hub.reconnect();
        sync(a, rb);
        assertThat(rb.texts()).noneMatch(t -> t.startsWith("lost"));
    }

    @Test
    void aBusStartedWhileDisconnectedHearsDownFirst() {
        hub.disconnect();
        Recorder ra = new Recorder();
        ClusterBus a = started(ra);
        await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down")));
        assertThat(a.problem()).isNotEmpty();
        hub.reconnect();
        await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down", "up")));
        assertThat(a.problem()).isEmpty();
    }
}
