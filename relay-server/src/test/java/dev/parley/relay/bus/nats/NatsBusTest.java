package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.bus.ClusterBusContract;
import dev.parley.relay.bus.Recorder;
import dev.parley.relay.testing.NatsServer;
import dev.parley.relay.testing.StderrCapture;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The NATS bus against a real nats-server on a free port, stopped and started again by PID for outages. */
class NatsBusTest extends ClusterBusContract {
    private static NatsServer nats;

    @BeforeAll
    static void startNats() {
        nats = NatsServer.open();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    /** A test that stopped the shared server (and failed before starting it again) does not fail the next ones. */
    @AfterEach
    void serverRunsForTheNextTest() {
        startAgain();
    }

    @Override
    protected ClusterBus newBus() {
        if (!nats.running()) {
            throw new IllegalStateException("a previous test left nats-server stopped");
        }
        return new NatsBus(ClusterOptions.parse(nats.url(), "contract"));
    }

    @Override
    protected void takeDown() {
        nats.stop();
    }

    @Override
    protected void bringUp() throws Exception {
        nats.start();
    }

    @Override
    protected int largestEvent() {
        return (int) ((NatsBus) newBus()).maxEventBytes();
    }

    private NatsBus natsBus(String servers, String cluster) {
        NatsBus bus = new NatsBus(ClusterOptions.parse(servers, cluster));
        return (NatsBus) adopt(bus);
    }

    @Test
    void theLargestEventIsTheServersMaxPayloadLessTheHeader() {
        try (NatsServer small = NatsServer.withMaxPayload(4096)) {
            Recorder rb = new Recorder();
            NatsBus a = natsBus(small.url(), "small");
            a.start(new Recorder());
            natsBus(small.url(), "small").start(rb);
            assertThat(a.maxEventBytes()).isBetween(4096L - 64, 4096L - 20);
            assertThat(a.publish(new byte[(int) a.maxEventBytes() + 1])).isFalse();
            assertThat(a.publish(new byte[(int) a.maxEventBytes()])).isTrue();
            await().atMost(WAIT).until(() -> rb.events().size() == 1);
            assertThat(a.problem()).as("the server kept the connection: nothing over its limit was sent").isEmpty();
        }
    }

    @Test
    void clustersOnOneNatsServerDoNotHearEachOther() {
        Recorder other = new Recorder();
        Recorder same = new Recorder();
        NatsBus a = natsBus(nats.url(), "one");
        a.start(new Recorder());
        natsBus(nats.url(), "two").start(other);
        natsBus(nats.url(), "one").start(same);
        sync(a, same);
        assertThat(other.events()).isEmpty();
    }

    @Test
    void onlyMessagesNamingAnotherRelayAreDelivered() throws Exception {
        Recorder rb = new Recorder();
        NatsBus b = natsBus(nats.url(), "headers");
        b.start(rb);
        try (Connection raw = Nats.connect(nats.url())) {
            String subject = NatsBus.subject("headers");
            raw.publish(subject, "no header".getBytes());
            raw.publish(subject, new Headers().put(NatsBus.RELAY_HEADER, b.relayId()), "as if from b".getBytes());
            raw.publish(subject, new Headers().put(NatsBus.RELAY_HEADER, "someoneels"), "from another".getBytes());
            raw.flush(Duration.ofSeconds(5));
        }
        await().atMost(WAIT).until(() -> !rb.events().isEmpty());
        NatsBus a = natsBus(nats.url(), "headers");
        a.start(new Recorder());
        sync(a, rb);
        assertThat(rb.events()).hasSize(2);
        assertThat(rb.events().get(0).from()).isEqualTo("someoneels");
        assertThat(rb.events().get(0).text()).isEqualTo("from another");
    }

    @Test
    void aBusStartedWhileNatsIsDownSaysSoAndJoinsWhenItComes() throws Exception {
        try (NatsServer late = NatsServer.open()) {
            late.stop();
            Recorder ra = new Recorder();
            NatsBus a = natsBus(late.url(), "late");
            long t0 = System.nanoTime();
            a.start(ra);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("start with NATS down")
                    .isLessThan(Duration.ofSeconds(3));
            await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down")));
            assertThat(a.problem()).get().asString().contains("127.0.0.1:" + late.port());
            assertThat(a.publish("nobody hears this".getBytes())).isTrue();
            assertThat(a.droppedEvents()).isEqualTo(1);

            late.start();
            await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down", "up")));
            assertThat(a.problem()).isEmpty();
            Recorder rb = new Recorder();
            natsBus(late.url(), "late").start(rb);
            sync(a, rb);
        }
    }

    @Test
    void eventsBeyondTheReconnectBufferAreDroppedAndCounted() {
        Recorder ra = new Recorder();
        NatsBus a = (NatsBus) adopt(new NatsBus(ClusterOptions.parse(nats.url(), "buffer"), 64 * 1024));
        a.start(ra);
        nats.stop();
        try {
            await().atMost(WAIT).until(() -> ra.signals().contains("down"));
            for (int i = 0; i < 100; i++) {
                assertThat(a.publish(new byte[4096])).isTrue();
            }
            assertThat(a.droppedEvents()).as("64 KiB hold at most 16 events of 4 KiB").isBetween(84L, 100L);
        } finally {
            startAgain();
        }
    }

    @Test
    void credentialsInTheUrlWorkAndAreNeverLoggedNorShown() throws Exception {
        String password = "pa55-Secret-xyz";
        try (NatsServer guarded = NatsServer.withCredentials("parley", password);
             StderrCapture err = StderrCapture.start()) {
            Recorder ra = new Recorder();
            Recorder rb = new Recorder();
            NatsBus a = natsBus(guarded.url("parley", password), "auth");
            a.start(ra);
            natsBus(guarded.url("parley", password), "auth").start(rb);
            sync(a, rb);
            assertThat(a.toString()).doesNotContain(password);

            guarded.stop();
            await().atMost(WAIT).until(() -> ra.signals().contains("down"));
            String down = a.problem().orElseThrow();
            guarded.start();
            await().atMost(WAIT).until(() -> ra.signals().equals(List.of("down", "up")));

            Recorder rc = new Recorder();
            NatsBus wrong = natsBus(guarded.url("parley", "wrong-" + password), "auth");
            wrong.start(rc);
            await().atMost(WAIT).until(() -> rc.signals().contains("down"));
            String refused = wrong.problem().orElseThrow();
            assertThat(refused).contains("credentials").contains("127.0.0.1:" + guarded.port());

            assertThat(down + refused + err.text()).doesNotContain(password).doesNotContain("parley:");
            assertThat(err.text()).as("the bus logged its outage (so the check above read its log)")
                    .contains("127.0.0.1:" + guarded.port());
        }
    }

    /** Restarts the shared server after a test that stopped it. */
    private static void startAgain() {
        try {
            if (!nats.running()) {
                nats.start();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
