package dev.parley.relay.core;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.bus.LocalBus;
import dev.parley.relay.store.SqliteMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A relay's own stored message or receipt that leaves a gap (another relay stored the ones before it and the bus never
 * said so: it is down, or that relay died between its commit and its event) is not held forever: the gap is read from
 * the shared store, so the relay's members keep getting their room in order with no other relay's help.
 */
class ClusterGapTest {
    private static final Duration ALIVE = Duration.ofMillis(100);
    private static final Duration GONE = Duration.ofMillis(600);
    private static final Duration GAP = Duration.ofMillis(50);

    @TempDir
    Path dir;
    private SqliteMessageStore store;
    private ScheduledExecutorService timers;
    private final LocalBus cluster = new LocalBus();
    private final List<ClusterBus> buses = new ArrayList<>();
    private RelayConfig config;

    @BeforeEach
    void start() throws Exception {
        config = RelayConfig.defaults().withDataDir(dir).withHelloTimeout(Duration.ofSeconds(5));
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
        timers = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void stop() {
        buses.forEach(ClusterBus::close);
        timers.shutdownNow();
        store.close();
    }

    private Relay relay() {
        Relay relay = new Relay(config, store, timers, timers);
        ClusterBus bus = cluster.newBus();
        buses.add(bus);
        relay.joinCluster(bus, ALIVE, GONE, GAP);
        return relay;
    }

    private static Session join(Relay relay, FakeMember m, String nick) {
        Session s = relay.open(m);
        relay.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"" + nick + "\",\"room\":\"lobby\"}");
        return s;
    }

    private static <T extends ServerMessage> T next(FakeMember m, Class<T> type) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            ServerMessage got = m.received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(got)) {
                return type.cast(got);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
    }

    @Test
    void whileTheBusIsDownAMessageStoredHereAfterOneStoredElsewhereArrivesInOrder() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        next(alice, ServerMessage.Presence.class);
        cluster.disconnect();

        b.onText(bs, "{\"type\":\"chat\",\"id\":\"b-1\",\"text\":\"stored by b, unheard by a\"}");
        assertThat(next(bob, ServerMessage.Chat.class).seq()).isEqualTo(1);
        a.onText(as, "{\"type\":\"chat\",\"id\":\"a-1\",\"text\":\"stored by a after it\"}");
        ServerMessage.Chat first = next(alice, ServerMessage.Chat.class);
        ServerMessage.Chat second = next(alice, ServerMessage.Chat.class);
        assertThat(List.of(first.seq(), second.seq())).containsExactly(1L, 2L);
        assertThat(List.of(first.id(), second.id())).containsExactly("b-1", "a-1");
    }

    @Test
    void whileTheBusIsDownAReceiptStoredHereAfterOneStoredElsewhereArrivesInOrder() throws Exception {
        Relay a = relay();
        Relay b = relay();
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        FakeMember carol = new FakeMember();
        Session as = join(a, alice, "alice");
        Session bs = join(b, bob, "bob");
        Session cs = join(b, carol, "carol");
        next(alice, ServerMessage.Presence.class);
        next(alice, ServerMessage.Presence.class);
        b.onText(cs, "{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        b.onBinary(cs, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk("v-1", 0)), new byte[640]));
        b.onText(cs, "{\"type\":\"voice-end\",\"id\":\"v-1\"}");
        long seq = next(alice, ServerMessage.Voice.class).seq();
        next(bob, ServerMessage.Voice.class);
        cluster.disconnect();

        b.onText(bs, "{\"type\":\"played\",\"seq\":" + seq + "}");
        long bobsReceipt = next(bob, ServerMessage.Played.class).id();
        a.onText(as, "{\"type\":\"played\",\"seq\":" + seq + "}");
        ServerMessage.Played first = next(alice, ServerMessage.Played.class);
        ServerMessage.Played second = next(alice, ServerMessage.Played.class);
        assertThat(List.of(first.id(), second.id())).containsExactly(bobsReceipt, bobsReceipt + 1);
        assertThat(List.of(first.nick(), second.nick())).containsExactly("bob", "alice");
    }
}
