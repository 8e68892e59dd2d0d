package dev.parley.relay;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PROTOCOL.md "Session" 2: every client receives a room's messages in strictly increasing seq, with no gap between
 * replay and live traffic and none twice — with many concurrent senders and with members joining mid-traffic.
 */
class ConcurrencyIntegrationTest {
    @TempDir
    Path dataDir;

    private record Key(long seq, String from, String id, String text) {
        static Key of(Chat c) {
            return new Key(c.seq(), c.from(), c.id(), c.text());
        }
    }

    @Test
    void twentyClientsSendingTwentyEachConcurrentlyAllSeeOneIdenticalOrder() throws Exception {
        int clients = 20;
        int each = 20;
        try (TestRelay relay = TestRelay.start(dataDir)) {
            List<TestClient> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                all.add(relay.join("member-" + i, "lobby"));
            }
            for (int i = 0; i < clients; i++) {
                all.get(i).awaitNext(clients - 1 - i, ServerMessage.Presence.class);
            }
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    TestClient c = all.get(i);
                    sent.add(pool.submit(() -> {
                        go.await();
                        for (int k = 0; k < each; k++) {
                            c.chat("m-" + k, c.label() + " says " + k);
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : sent) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            int total = clients * each;
            List<Key> reference = null;
            for (TestClient c : all) {
                List<Key> got = c.awaitNext(total, Chat.class).stream().map(Key::of).toList();
                assertThat(got).extracting(Key::seq).containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
                if (reference == null) {
                    reference = got;
                    for (TestClient sender : all) {
                        List<String> ids = got.stream().filter(k -> k.from().equals(sender.label())).map(Key::id).toList();
                        assertThat(ids).as("one sender's messages keep their order")
                                .containsExactlyElementsOf(LongStream.range(0, each).mapToObj(k -> "m-" + k).toList());
                    }
                } else {
                    assertThat(got).as(c.label() + " sees the same order").isEqualTo(reference);
                }
            }
        }
    }

    @Test
    void membersJoiningDuringTrafficGetReplayThenLiveWithoutGapOrDuplicate() throws Exception {
        int senders = 4;
        int each = 100;
        int prefill = 30;
        try (TestRelay relay = TestRelay.start(dataDir)) {
            TestClient first = relay.join("prefill", "lobby");
            for (int i = 1; i <= prefill; i++) {
                first.chat("p-" + i, "before " + i);
            }
            first.awaitNext(prefill, Chat.class);
            List<TestClient> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                sending.add(relay.join("sender-" + s, "lobby", (long) prefill));
            }
            int total = prefill + senders * each;
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            CountDownLatch[] progress = new CountDownLatch[6];
            for (int j = 0; j < progress.length; j++) {
                progress[j] = new CountDownLatch((j + 1) * each / (progress.length + 1));
            }
            try {
                List<Future<?>> done = new ArrayList<>();
                for (TestClient s : sending) {
                    done.add(pool.submit(() -> {
                        // closed loop: the next message goes once the previous was acknowledged
                        for (int k = 0; k < each; k++) {
                            s.chat("m-" + k, s.label() + " " + k);
                            while (true) {
                                Object o = s.awaitItems(1, TestClient.WAIT).get(0);
                                if (o instanceof Chat c && c.from().equals(s.label()) && c.id().equals("m-" + k)) {
                                    break;
                                }
                            }
                            if (s == sending.get(0)) {
                                for (CountDownLatch p : progress) {
                                    p.countDown();
                                }
                            }
                        }
                        return null;
                    }));
                }
                List<TestClient> joiners = new ArrayList<>();
                List<Long> sinces = new ArrayList<>();
                for (int j = 0; j < progress.length; j++) {
                    assertThat(progress[j].await(30, TimeUnit.SECONDS)).isTrue();
                    Long since = j % 3 == 0 ? null : j % 3 == 1 ? 0L : 10L;
                    TestClient joiner = relay.connect("joiner-" + j);
                    joiner.join("joiner-" + j, "lobby", since);
                    joiners.add(joiner);
                    sinces.add(since);
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                for (int j = 0; j < joiners.size(); j++) {
                    TestClient joiner = joiners.get(j);
                    long lastSeq = joiner.welcome().lastSeq();
                    Long since = sinces.get(j);
                    long firstSeq = since == null ? Math.max(1, lastSeq - 49) : since + 1;
                    List<Chat> got = chatsUpTo(joiner, total);
                    assertThat(got).as(joiner.label() + " (since " + since + ", lastSeq " + lastSeq + ")")
                            .extracting(Chat::seq)
                            .containsExactlyElementsOf(LongStream.rangeClosed(firstSeq, total).boxed().toList());
                    assertThat(got).as("replay up to lastSeq, live after it")
                            .allMatch(c -> c.replay() == (c.seq() <= lastSeq));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Chats received until seq {@code last}, skipping presence (joiners arrive meanwhile). */
    private static List<Chat> chatsUpTo(TestClient c, long last) {
        List<Chat> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.isEmpty() || out.get(out.size() - 1).seq() < last) {
            assertThat(System.nanoTime()).as(c.label() + " received up to seq " + last).isLessThan(deadline);
            Object o = c.awaitItems(1, TestClient.WAIT).get(0);
            if (o instanceof ServerMessage.Presence) {
                continue;
            }
            assertThat(o).as(c.label() + " received only chat and presence").isInstanceOf(Chat.class);
            out.add((Chat) o);
        }
        return out;
    }
}
