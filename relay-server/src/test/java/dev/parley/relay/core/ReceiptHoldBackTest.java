package dev.parley.relay.core;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.store.NewReceipt;
import dev.parley.relay.store.ReceiptListener;
import dev.parley.relay.store.SqliteMessageStore;
import dev.parley.relay.testing.Clips;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live receipt stored while a version-3 member is still catching up reaches it after its catch-up: not before,
 * not twice. The replays run only when the test says (a reader executor it drains by hand), so "while catching up"
 * is a fact, not a race.
 */
class ReceiptHoldBackTest {
    @TempDir
    Path dir;
    private SqliteMessageStore store;
    private ScheduledExecutorService timers;
    private final ConcurrentLinkedQueue<Runnable> reads = new ConcurrentLinkedQueue<>();
    private final Executor readers = reads::add;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        RelayConfig config = RelayConfig.defaults().withDataDir(dir).withRateLimits(RateLimits.UNLIMITED);
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
        timers = Executors.newSingleThreadScheduledExecutor();
        relay = new Relay(config, store, timers, readers);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        store.close();
    }

    /** Runs the replays and catch-ups queued so far. */
    private void runReads() {
        Runnable r;
        while ((r = reads.poll()) != null) {
            r.run();
        }
    }

    private Session join(FakeMember m, String nick, String fields) throws InterruptedException {
        Session s = relay.open(m);
        relay.onText(s, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"" + nick + "\",\"room\":\"lobby\"" + fields + "}");
        m.next(ServerMessage.Welcome.class);
        return s;
    }

    /** The first receipt by {@code nick} that {@code m} received, skipping everything before it. */
    private static ServerMessage.Played receiptBy(FakeMember m, String nick) throws InterruptedException {
        while (true) {
            ServerMessage next = m.next(ServerMessage.class);
            if (next instanceof ServerMessage.Played p && p.nick().equals(nick)) {
                return p;
            }
        }
    }

    @Test
    void aLiveReceiptWaitsBehindTheCatchUp() throws Exception {
        FakeMember alice = new FakeMember();
        Session a = join(alice, "alice", "");
        runReads();
        relay.onBinary(a, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice("v-1")), Clips.ofMillis(100, 8000, 1)));
        ServerMessage.Voice voice = alice.next(ServerMessage.Voice.class);
        FakeMember bob = new FakeMember();
        Session b = join(bob, "bob", ",\"since\":1");
        FakeMember dave = new FakeMember();
        Session d = join(dave, "dave", ",\"since\":1");
        runReads();
        relay.onText(d, "{\"type\":\"played\",\"seq\":1}");
        ServerMessage.Played first = receiptBy(dave, "dave");

        FakeMember carol = new FakeMember();
        Session c = relay.open(carol);
        relay.onText(c, "{\"type\":\"hello\",\"protocol\":3,\"nick\":\"carol\",\"room\":\"lobby\",\"playedSince\":0}");
        assertThat(carol.next(ServerMessage.Welcome.class).lastPlayed()).isEqualTo(first.id());
        relay.onText(b, "{\"type\":\"played\",\"seq\":1}");
        ServerMessage.Played second = receiptBy(bob, "bob");
        // the room delivers to every member in one step, alice before bob: she has it by now
        assertThat(receiptBy(alice, "bob")).isEqualTo(second);
        assertThat(carol.received).as("held back while carol catches up").isEmpty();

        runReads();
        assertThat(carol.received).containsExactly(voice.asReplay(), first.asReplay(), second);
    }

    @Test
    void aHistoryAnswerCarriesOnlyReceiptsAlreadyDeliveredLive() throws Exception {
        FakeMember alice = new FakeMember();
        Session a = join(alice, "alice", "");
        runReads();
        relay.onBinary(a, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice("v-1")), Clips.ofMillis(100, 8000, 1)));
        alice.next(ServerMessage.Voice.class);
        FakeMember bob = new FakeMember();
        Session b = join(bob, "bob", ",\"since\":1");
        runReads();
        relay.onText(b, "{\"type\":\"played\",\"seq\":1}");
        ServerMessage.Played delivered = receiptBy(alice, "bob");
        // carol's receipt is committed, but the room has not delivered it yet (its writer-thread hand-off is late)
        CompletableFuture<ServerMessage.Played> committed = new CompletableFuture<>();
        store.appendReceipt(new NewReceipt("lobby", 1, "carol"), new ReceiptListener() {
            @Override
            public void stored(ServerMessage.Played receipt, boolean duplicate) {
                committed.complete(receipt);
            }

            @Override
            public void refused(Refusal why) {
                committed.completeExceptionally(new AssertionError(why.toString()));
            }

            @Override
            public void failed(Exception cause) {
                committed.completeExceptionally(cause);
            }
        });
        assertThat(committed.get(10, TimeUnit.SECONDS).id()).isGreaterThan(delivered.id());

        alice.received.clear();
        relay.onText(a, "{\"type\":\"history\",\"before\":2,\"limit\":10}");
        runReads();
        List<ServerMessage> answer = new ArrayList<>();
        ServerMessage m;
        do {
            m = alice.next(ServerMessage.class);
            answer.add(m);
        } while (!(m instanceof ServerMessage.HistoryEnd));
        assertThat(answer).as("carol's receipt, not yet delivered live, is not in the answer: it comes live")
                .filteredOn(ServerMessage.Played.class::isInstance).containsExactly(delivered.asReplay());
        assertThat(answer).filteredOn(ServerMessage.Voice.class::isInstance).hasSize(1);
    }
}
