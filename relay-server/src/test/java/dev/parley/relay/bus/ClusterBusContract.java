package dev.parley.relay.bus;

import dev.parley.relay.testing.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ClusterBus} promises, run against each implementation: events reach the other buses in publish
 * order, never the sender; bytes arrive intact; too big is refused; an outage is told (down, then up) and publishing
 * never blocks meanwhile; closing is prompt and leaves no thread behind.
 */
public abstract class ClusterBusContract {
    protected static final Duration WAIT = Duration.ofSeconds(20);
    private final List<ClusterBus> buses = new ArrayList<>();

    /** A new bus on the cluster under test (not started). */
    protected abstract ClusterBus newBus();

    /** The cluster goes away (the server stops). */
    protected abstract void takeDown() throws Exception;

    /** The cluster comes back. */
    protected abstract void bringUp() throws Exception;

    /** The largest event a bus accepts. */
    protected abstract int largestEvent();

    protected final ClusterBus bus() {
        return adopt(newBus());
    }

    /** Closes {@code bus} after the test. */
    protected final ClusterBus adopt(ClusterBus bus) {
        buses.add(bus);
        return bus;
    }

    protected final ClusterBus started(Recorder recorder) {
        ClusterBus bus = bus();
        bus.start(recorder);
        return bus;
    }

    @AfterEach
    void closeBuses() {
        buses.forEach(ClusterBus::close);
    }

    protected static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes a marker from {@code from} and waits until {@code to} has it: whatever was sent before has arrived. */
    protected static void sync(ClusterBus from, Recorder to) {
        String marker = "marker-" + System.nanoTime();
        assertThat(from.publish(text(marker))).isTrue();
        await().atMost(WAIT).until(() -> to.texts().contains(marker));
    }

    @Test
    void twoBusesExchangeAThousandEventsInPublishOrderAndNeverEchoTheSender() {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        ClusterBus a = started(ra);
        ClusterBus b = started(rb);
        assertThat(a.relayId()).isNotEqualTo(b.relayId()).matches("[a-z0-9]{10}");
        List<String> sent = IntStream.range(0, 1000).mapToObj(i -> "event " + i).toList();
        for (String s : sent) {
            assertThat(a.publish(text(s))).isTrue();
        }
        await().atMost(WAIT).until(() -> rb.events().size() >= 1000);
        assertThat(rb.texts()).isEqualTo(sent);
        assertThat(rb.events()).allSatisfy(c -> assertThat(c.from()).isEqualTo(a.relayId()));
        sync(b, ra); // b's marker reached a after anything a could have been sent back
        assertThat(ra.texts()).as("a hears only b's marker, none of its own events").hasSize(1);
        assertThat(ra.events().get(0).from()).isEqualTo(b.relayId());
        assertThat(a.problem()).isEmpty();
        assertThat(a.connected()).isTrue();
        assertThat(a.droppedEvents()).isZero();
    }

    @Test
    void threeBusesHearEachOtherInEachSendersOrderAndNotThemselves() {
        Recorder[] r = {new Recorder(), new Recorder(), new Recorder()};
        ClusterBus[] bus = {started(r[0]), started(r[1]), started(r[2])};
        for (int i = 0; i < 300; i++) {
            int from = i % 3;
            assertThat(bus[from].publish(text(from + ":" + i))).isTrue();
        }
        for (int to = 0; to < 3; to++) {
            Recorder rec = r[to];
            await().atMost(WAIT).until(() -> rec.events().size() >= 200);
            for (int from = 0; from < 3; from++) {
                int f = from;
                List<String> expected = from == to ? List.of()
                        : IntStream.range(0, 300).filter(i -> i % 3 == f).mapToObj(i -> f + ":" + i).toList();
                assertThat(rec.textsFrom(bus[from].relayId())).as("bus %d from bus %d", to, from)
                        .isEqualTo(expected);
            }
            assertThat(rec.events()).hasSize(200);
        }
    }

    @Test
    void binaryEventsArriveByteForByte() {
        Recorder rb = new Recorder();
        ClusterBus a = started(new Recorder());
        started(rb);
        Random random = new Random(17);
        List<byte[]> sent = new ArrayList<>();
        byte[] everyByte = new byte[512];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        sent.add(everyByte);
        sent.add(new byte[0]);
        sent.add(text("\r\nPUB x 1\r\nNATS/1.0\r\nParley-Relay: someone\r\n\r\n")); // NATS's own delimiters inside
        for (int size : new int[] {1, 200, 4096, 65_536, largestEvent()}) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            sent.add(b);
        }
        for (byte[] b : sent) {
            assertThat(a.publish(b)).isTrue();
        }
        await().atMost(WAIT).until(() -> rb.events().size() >= sent.size());
        List<Recorder.Call> got = rb.events();
        assertThat(got).hasSize(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertThat(got.get(i).bytes()).as("event %d", i).isEqualTo(sent.get(i));
        }
    }

    @Test
    void anEventTooBigForTheBusIsRefusedAndNotSent() {
        Recorder rb = new Recorder();
        ClusterBus a = started(new Recorder());
        ClusterBus b = started(rb);
        assertThat(a.publish(new byte[largestEvent() + 1])).isFalse();
        assertThat(a.publish(new byte[4 << 20])).isFalse();
        assertThat(a.publish(new byte[largestEvent()])).isTrue();
        assertThat(a.publish(text("after"))).isTrue();
        await().atMost(WAIT).until(() -> rb.events().size() >= 2);
        assertThat(rb.events()).hasSize(2);
        assertThat(rb.events().get(0).bytes()).hasSize(largestEvent());
        assertThat(a.problem()).as("a refused event is no problem of the bus").isEmpty();
        assertThat(b.droppedEvents()).isZero();
    }

    @Test
    void theListenerIsCalledOnOneThreadAndAFailingCallDoesNotStopIt() {
        Recorder rb = new Recorder();
        ClusterBus a = started(new Recorder());
        started(rb);
        rb.failOnNext(new IllegalStateException("a bug in the listener (this warning is expected)"));
        for (int i = 0; i < 50; i++) {
            a.publish(text("e" + i));
        }
        await().atMost(WAIT).until(() -> rb.events().size() >= 50);
        assertThat(rb.texts()).hasSize(50).endsWith("e49");
        assertThat(rb.threads()).hasSize(1);
        assertThat(rb.threads().iterator().next()).isNotEqualTo(Thread.currentThread());
    }

    @Test
    void aBusPublishesNothingBeforeItStartsNorAfterItClosesAndStartsOnce() {
        ClusterBus a = bus();
        assertThat(a.publish(text("too early"))).isFalse();
        assertThat(a.problem()).isNotEmpty();
        a.start(new Recorder());
        assertThatThrownBy(() -> a.start(new Recorder())).isInstanceOf(IllegalStateException.class);
        a.close();
        assertThat(a.publish(text("too late"))).isFalse();
        assertThat(a.problem()).isNotEmpty();
        assertThat(a.connected()).isFalse();
        a.close(); // twice is harmless
    }

    @Test
    void anOutageIsToldAsDownThenUpAndPublishingNeverBlocksMeanwhile() throws Exception {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        ClusterBus a = started(ra);
        ClusterBus b = started(rb);
        sync(a, rb);

        long lost = System.nanoTime();
        takeDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> ra.signals().contains("down")
                && rb.signals().contains("down"));
        Duration told = Duration.ofNanos(System.nanoTime() - lost);
        assertThat(a.problem()).isNotEmpty();
        assertThat(a.connected()).isFalse();

        // a publish that waited for a connection attempt would take its timeout (seconds): every one returns at once,
        // but on a machine shared with other work a thread may lose the CPU now and then, so the slowest few are spared
        long[] nanos = new long[2000];
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            a.publish(new byte[4096]);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        assertThat(Duration.ofNanos(nanos[nanos.length / 2])).as("median publish while down")
                .isLessThan(Duration.ofMillis(1));
        assertThat(Duration.ofNanos(nanos[nanos.length * 99 / 100])).as("99th percentile publish while down")
                .isLessThan(Duration.ofMillis(10));
        assertThat(Duration.ofNanos(nanos[nanos.length - 1])).as("slowest publish while down")
                .isLessThan(Duration.ofMillis(500));

        bringUp();
        await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down", "up"))
                && rb.signals().equals(List.of("down", "up")));
        assertThat(a.problem()).isEmpty();
        assertThat(b.problem()).isEmpty();
        String after = "after the outage";
        await().atMost(WAIT).untilAsserted(() -> {
            // the other bus may resubscribe a moment after this one is back: what is published from then on arrives
            a.publish(text(after));
            assertThat(rb.texts()).contains(after);
        });
        sync(b, ra);
        assertThat(told).as("down told within a few seconds").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void closingIsPromptStopsDeliveryAndLeavesNoThreadBehind() {
        Set<Thread> before = Threads.live();
        Recorder rb = new Recorder();
        ClusterBus a = started(new Recorder());
        ClusterBus b = started(rb);
        sync(a, rb);
        long t0 = System.nanoTime();
        b.close();
        a.close();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("closing two buses").isLessThan(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Threads.startedSince(before)).as(() -> Threads.describe(Threads.startedSince(before)))
                        .isEmpty());
        int heard = rb.events().size();
        assertThat(a.publish(text("into the void"))).isFalse();
        assertThat(rb.events()).hasSize(heard);
    }
}
