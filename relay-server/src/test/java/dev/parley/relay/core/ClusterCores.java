package dev.parley.relay.core;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.bus.LocalBus;
import dev.parley.relay.store.SqliteMessageStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Relay cores of one cluster for tests without sockets: one store in a folder shared by all (as relays of a cluster
 * share one database), an in-process bus with the real bus's rules, quick alive, gone and gap timings; and what tests
 * do with their fake members.
 */
final class ClusterCores implements AutoCloseable {
    static final Duration ALIVE = Duration.ofMillis(100);
    static final Duration GONE = Duration.ofMillis(600);
    static final Duration GAP = Duration.ofMillis(50);

    /** The cluster's bus: {@link LocalBus#disconnect()} and {@link LocalBus#reconnect()} play an outage. */
    final LocalBus bus = new LocalBus();
    /** Each relay's bus, in the order {@link #relay()} made them: closing one is that relay dying. */
    final List<ClusterBus> buses = new ArrayList<>();
    final SqliteMessageStore store;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    /** The configuration of relays made from now on. */
    RelayConfig config;

    ClusterCores(Path dir, Clock clock) throws IOException {
        config = RelayConfig.defaults().withDataDir(dir).withHelloTimeout(Duration.ofSeconds(5)).withClock(clock);
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
    }

    /** A relay core of the cluster, joined to it. */
    Relay relay() {
        return relay(Integer.MAX_VALUE, GAP);
    }

    /**
     * A relay core of the cluster that tells stored clips over {@code inlineClipBytes} by reference and waits
     * {@code gapWait} for a gap's missing messages before it reads them from the store.
     */
    Relay relay(int inlineClipBytes, Duration gapWait) {
        Relay relay = new Relay(config, store, timers, timers);
        ClusterBus relayBus = bus.newBus();
        buses.add(relayBus);
        relay.joinCluster(relayBus, ALIVE, GONE, gapWait, inlineClipBytes);
        return relay;
    }

    @Override
    public void close() {
        buses.forEach(ClusterBus::close);
        timers.shutdownNow();
        store.close();
    }

    static Session join(Relay relay, Member m, String nick) {
        Session s = relay.open(m);
        relay.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"" + nick + "\",\"room\":\"lobby\"}");
        return s;
    }

    /** The next message of {@code type} that {@code m} receives, skipping others. */
    static <T extends ServerMessage> T next(FakeMember m, Class<T> type) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until) {
            ServerMessage got = m.received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(got)) {
                return type.cast(got);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 5 s");
    }

    /** What {@code m} receives until it has been quiet for 300 ms. */
    static List<ServerMessage> rest(FakeMember m) throws InterruptedException {
        List<ServerMessage> got = new ArrayList<>();
        ServerMessage next;
        while ((next = m.received.poll(300, TimeUnit.MILLISECONDS)) != null) {
            got.add(next);
        }
        return got;
    }

    /** Every chat seq {@code m} receives until it has {@code count} of them. */
    static List<Long> chatSeqs(FakeMember m, int count) throws InterruptedException {
        List<Long> seqs = new ArrayList<>();
        while (seqs.size() < count) {
            seqs.add(next(m, ServerMessage.Chat.class).seq());
        }
        return seqs;
    }

    /** Waits until the member list {@code m} was last told (welcome or presence) is {@code nicks}, in any order. */
    static void awaitMembers(FakeMember m, String... nicks) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> last = List.of();
        while (System.nanoTime() < until) {
            ServerMessage got = m.received.poll(50, TimeUnit.MILLISECONDS);
            if (got instanceof ServerMessage.Welcome w) {
                last = w.members();
            } else if (got instanceof ServerMessage.Presence p) {
                last = p.members();
            }
            if (last.size() == nicks.length && last.containsAll(List.of(nicks))) {
                return;
            }
        }
        throw new AssertionError("members " + last + ", not " + List.of(nicks) + ", after 5 s");
    }

    /** {@code s} streams {@code chunks} live chunks of 640 bytes as stream {@code id}, and ends it when {@code end}. */
    static void stream(Relay relay, Session s, String id, int chunks, boolean end) {
        relay.onText(s, "{\"type\":\"voice-start\",\"id\":\"" + id
                + "\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        for (int n = 0; n < chunks; n++) {
            relay.onBinary(s, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk(id, n)), new byte[640]));
        }
        if (end) {
            relay.onText(s, "{\"type\":\"voice-end\",\"id\":\"" + id + "\"}");
        }
    }
}
