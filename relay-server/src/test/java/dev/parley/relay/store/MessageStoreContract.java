package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Played;
import dev.parley.relay.Retention;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.parley.relay.store.StoreFixture.all;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.await;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.submit;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@link MessageStore} contract, once for every store: each subclass opens its store on storage of its own per
 * test (the same storage every time within a test, so a second open is a restart).
 */
abstract class MessageStoreContract {
    private final List<MessageStore> opened = Collections.synchronizedList(new ArrayList<>());

    /** Opens (a restart when opened before in this test) the store of this test's storage. */
    protected abstract MessageStore openStore(Retention retention, Clock clock);

    protected final MessageStore open(Retention retention, Clock clock) {
        MessageStore store = openStore(retention, clock);
        opened.add(store);
        return store;
    }

    protected final MessageStore open() {
        return open(StoreFixture.KEEP_ALL, Clock.systemUTC());
    }

    @AfterEach
    void closeStores() {
        opened.forEach(MessageStore::close);
    }

    /** What a {@link ReceiptListener} was told: a receipt (and whether a duplicate), or a refusal. */
    record Told(Played receipt, boolean duplicate, ReceiptListener.Refusal refusal) {
    }

    static CompletableFuture<Told> submitReceipt(MessageStore store, String room, long seq, String nick) {
        CompletableFuture<Told> f = new CompletableFuture<>();
        store.appendReceipt(new NewReceipt(room, seq, nick), new ReceiptListener() {
            @Override
            public void stored(Played receipt, boolean duplicate) {
                f.complete(new Told(receipt, duplicate, null));
            }

            @Override
            public void refused(Refusal why) {
                f.complete(new Told(null, false, why));
            }

            @Override
            public void failed(Exception cause) {
                f.completeExceptionally(cause);
            }
        });
        return f;
    }

    static Told receipt(MessageStore store, String room, long seq, String nick) {
        try {
            return submitReceipt(store, room, seq, nick).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("receipt not answered", e);
        }
    }

    static List<Played> receiptsOf(MessageStore store, String room) {
        return store.receipts(room, 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 1000);
    }

    private static List<Long> seqs(List<StoredMessage> messages) {
        return messages.stream().map(m -> m.message().seq()).toList();
    }

    @Test
    void appendsAreNumberedPerRoomFromOneStampedWithTheStoresClockAndToldInSeqOrder() throws Exception {
        MutableClock clock = MutableClock.stopped();
        MessageStore store = open(StoreFixture.KEEP_ALL, clock);
        assertThat(store.lastSeq("lobby")).isZero();
        StoredMessage first = append(store, NewMessage.chat("lobby", "alice", "c-1", "hello")).message();
        assertThat(first.message()).isEqualTo(new ServerMessage.Chat(1, "c-1", "alice", "hello", clock.millis(), false));
        clock.advance(Duration.ofSeconds(5));
        StoredMessage second = append(store, voice("lobby", "bob", "v-1", clip(1, 800))).message();
        assertThat(second.message().seq()).isEqualTo(2);
        assertThat(second.message().ts()).isEqualTo(clock.millis());
        assertThat(append(store, NewMessage.chat("other", "alice", "c-1", "elsewhere")).message().message().seq())
                .as("another room counts from one").isEqualTo(1);

        List<Long> told = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<StoreFixture.Outcome>> queued = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            CompletableFuture<StoreFixture.Outcome> f = submit(store, NewMessage.chat("lobby", "carol", "m-" + i, "n" + i));
            queued.add(f.thenApply(o -> {
                told.add(o.message().message().seq());
                return o;
            }));
        }
        for (CompletableFuture<StoreFixture.Outcome> f : queued) {
            await(f);
        }
        assertThat(told).as("told in seq order").isSorted().hasSize(200).startsWith(3L).endsWith(202L);
        assertThat(store.lastSeq("lobby")).isEqualTo(202);
        assertThat(store.lastSeq("other")).isEqualTo(1);
        assertThat(seqs(all(store, "lobby"))).hasSize(202).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aMessageAlreadyStoredUnderItsRoomNickAndIdIsAnsweredWithTheStoredCopy() {
        MutableClock clock = MutableClock.stopped();
        MessageStore store = open(StoreFixture.KEEP_ALL, clock);
        StoreFixture.Outcome original = append(store, NewMessage.chat("lobby", "Alice", "c-1", "first words"));
        clock.advance(Duration.ofMinutes(1));
        StoreFixture.Outcome again = append(store, NewMessage.chat("lobby", "ALICE", "c-1", "other words"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(original.message());
        assertThat(append(store, NewMessage.chat("lobby", "bob", "c-1", "bob's")).duplicate()).as("another nick").isFalse();
        assertThat(append(store, NewMessage.chat("hall", "alice", "c-1", "x")).duplicate()).as("another room").isFalse();

        byte[] stored = clip(1, 4_000);
        StoreFixture.Outcome voice = append(store, voice("lobby", "alice", "v-1", stored));
        StoreFixture.Outcome resent = append(store, voice("lobby", "alice", "v-1", clip(9, 4_000)));
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.message().message()).isEqualTo(voice.message().message());
        assertThat(resent.message().clip()).as("the stored copy's clip").isEqualTo(stored);

        // queued back to back, most likely one group commit: the second finds the first
        var x = submit(store, NewMessage.chat("lobby", "carol", "c-9", "once"));
        var y = submit(store, NewMessage.chat("lobby", "Carol", "c-9", "twice"));
        assertThat(await(x).duplicate()).isFalse();
        assertThat(await(y).duplicate()).isTrue();
        assertThat(await(y).message()).isEqualTo(await(x).message());
        assertThat(store.lastSeq("lobby")).as("duplicates take no seq").isEqualTo(4);
        assertThat(seqs(all(store, "lobby"))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void anyTextAndIdComeBackAsSent() {
        MessageStore store = open();
        String text = "nul \u0000 here, \"quotes\" ' ; -- DROP TABLE messages; emoji \uD83D\uDE00, \u00e9\u4e2d\t\n";
        String id = "id\u0000with nul and \u00e9";
        StoreFixture.Outcome o = append(store, NewMessage.chat("lobby", "\u00c9lodie", id, text));
        ServerMessage.Chat back = (ServerMessage.Chat) all(store, "lobby").get(0).message();
        assertThat(back.text()).isEqualTo(text);
        assertThat(back.id()).isEqualTo(id);
        assertThat(back.from()).isEqualTo("\u00c9lodie");
        assertThat(append(store, NewMessage.chat("lobby", "\u00e9LODIE", id, "again")).message())
                .isEqualTo(o.message());
        assertThat(append(store, NewMessage.chat("lobby", "\u00e9lodie", "id\u0000with nul and e", "x")).duplicate())
                .as("another id").isFalse();
    }

    @Test
    void rangeAndNewestBeforeKeepTheirBoundsCountsAndBytes() {
        MessageStore store = open();
        for (int i = 1; i <= 10; i++) {
            append(store, NewMessage.chat("lobby", "alice", "c-" + i, "0123456789")); // 10 bytes each
        }
        assertThat(seqs(store.range("lobby", 0, 10, 100, Long.MAX_VALUE))).hasSize(10);
        assertThat(seqs(store.range("lobby", 3, 6, 100, Long.MAX_VALUE))).containsExactly(4L, 5L, 6L);
        assertThat(seqs(store.range("lobby", 3, 10, 2, Long.MAX_VALUE))).containsExactly(4L, 5L);
        assertThat(seqs(store.range("lobby", 0, 10, 100, 25))).as("stops once 25 bytes are passed")
                .containsExactly(1L, 2L, 3L);
        assertThat(seqs(store.range("lobby", 0, 10, 100, 20))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(store.range("lobby", 0, 10, 100, 0))).as("always at least one").containsExactly(1L);
        assertThat(seqs(store.range("lobby", 10, 20, 100, Long.MAX_VALUE))).isEmpty();
        assertThat(seqs(store.range("nowhere", 0, 10, 100, Long.MAX_VALUE))).isEmpty();
        assertThat(seqs(store.newestBefore("lobby", 11, 3))).containsExactly(8L, 9L, 10L);
        assertThat(seqs(store.newestBefore("lobby", 5, 10))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(store.newestBefore("lobby", 1, 10))).isEmpty();
        assertThat(store.newestBefore("nowhere", 10, 10)).isEmpty();
    }

    @Test
    void aClipComesBackByteForByteWithItsFormat() {
        MessageStore store = open();
        byte[] a = clip(1, 8_000);
        byte[] b = clip(2, 12_345);
        append(store, voice("lobby", "alice", "v-1", a));
        append(store, NewMessage.chat("lobby", "bob", "c-1", "between"));
        StoredMessage sent = append(store, voice("lobby", "Alice", "v-2", b)).message();
        List<StoredMessage> got = all(store, "lobby");
        assertThat(seqs(got)).containsExactly(1L, 2L, 3L);
        assertThat(got.get(0).clip()).isEqualTo(a);
        assertThat(got.get(1).clip()).isNull();
        assertThat(got.get(2).clip()).isEqualTo(b);
        assertThat(got.get(2).message()).isEqualTo(sent.message());
        ServerMessage.Voice v = (ServerMessage.Voice) got.get(2).message();
        assertThat(v.bytes()).isEqualTo(b.length);
        assertThat(v.sampleRate()).isEqualTo(16_000);
        assertThat(v.channels()).isEqualTo(1);
        assertThat(v.durationMs()).isBetween(771L, 772L);
        assertThat(store.newestBefore("lobby", 4, 1).get(0).clip()).isEqualTo(b);
        assertThat(store.range("lobby", 0, 3, 10, 100).get(0).clip()).as("a range of bytes that ends in a clip")
                .isEqualTo(a);
    }

    @Test
    void aReceiptIsStoredOnceForSomeoneElsesVoiceMessageOfTheRoom() {
        MutableClock clock = MutableClock.stopped();
        MessageStore store = open(StoreFixture.KEEP_ALL, clock);
        append(store, voice("lobby", "Alice", "v-1", clip(1, 800)));
        append(store, NewMessage.chat("lobby", "alice", "c-2", "text"));
        append(store, voice("other", "olga", "o-1", clip(2, 800)));
        append(store, voice("other", "olga", "o-2", clip(3, 800)));
        append(store, voice("other", "olga", "o-3", clip(4, 800)));

        Told stored = receipt(store, "lobby", 1, "Bob");
        assertThat(stored).isEqualTo(new Told(new Played(1, "Bob", clock.millis(), 1, false), false, null));
        clock.advance(Duration.ofMinutes(1));
        assertThat(receipt(store, "lobby", 1, "bob")).as("the same person").isEqualTo(new Told(stored.receipt(), true, null));
        assertThat(receipt(store, "lobby", 1, "ALICE").refusal()).isEqualTo(ReceiptListener.Refusal.OWN_MESSAGE);
        assertThat(receipt(store, "lobby", 2, "bob").refusal()).as("chat").isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
        assertThat(receipt(store, "lobby", 3, "bob").refusal()).as("another room's seq")
                .isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
        assertThat(receipt(store, "lobby", 0, "bob").refusal()).isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
        assertThat(receipt(store, "nowhere", 1, "bob").refusal()).isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);

        assertThat(receiptsOf(store, "lobby")).containsExactly(stored.receipt());
        assertThat(receiptsOf(store, "other")).isEmpty();
        assertThat(store.lastReceiptId("lobby")).isEqualTo(1);
        assertThat(store.lastReceiptId("other")).isZero();
        assertThat(store.lastReceiptId("nowhere")).isZero();
    }

    @Test
    void aReceiptRightBehindItsMessageSeesItAndIdsIncreasePerRoomInStorageOrder() throws Exception {
        MessageStore store = open();
        // queued together: very likely one batch, and in any case in this order
        var early = submitReceipt(store, "a", 1, "zoe");
        var first = submit(store, voice("a", "alice", "v-1", clip(1, 800)));
        var r1 = submitReceipt(store, "a", 1, "bob");
        var second = submit(store, voice("b", "alice", "v-1", clip(2, 800)));
        var r2 = submitReceipt(store, "b", 1, "bob");
        var r3 = submitReceipt(store, "a", 1, "carol");
        await(first);
        await(second);
        assertThat(early.get(20, TimeUnit.SECONDS).refusal()).as("a receipt queued before its message")
                .isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
        Played bob = r1.get(20, TimeUnit.SECONDS).receipt();
        Played carol = r3.get(20, TimeUnit.SECONDS).receipt();
        assertThat(carol.id()).isGreaterThan(bob.id());
        assertThat(r2.get(20, TimeUnit.SECONDS).receipt()).isNotNull();
        assertThat(store.receipts("a", bob.id(), carol.id(), 1, 1, 10)).extracting(Played::nick).containsExactly("carol");
        assertThat(store.receipts("a", 0, bob.id(), 1, 1, 10)).extracting(Played::nick).containsExactly("bob");
        assertThat(store.receipts("a", 0, 100, 2, 5, 10)).as("of other seqs").isEmpty();
        assertThat(store.receipts("a", 0, 100, 0, 5, 1)).as("at most maxCount").hasSize(1);
        assertThat(receiptsOf(store, "a")).extracting(Played::nick).containsExactly("bob", "carol");
        assertThat(store.lastReceiptId("a")).isEqualTo(carol.id());
    }

    @Test
    void retentionByCountAndBytesDropsTheOldestWithTheirReceipts() {
        MessageStore store = open(new Retention(Duration.ofDays(30), 3, 1L << 30), MutableClock.stopped());
        for (int i = 1; i <= 3; i++) {
            append(store, voice("lobby", "alice", "v-" + i, clip(i, 1_000)));
        }
        Played first = receipt(store, "lobby", 1, "bob").receipt();
        Played second = receipt(store, "lobby", 2, "bob").receipt();
        Played third = receipt(store, "lobby", 3, "bob").receipt();
        append(store, NewMessage.chat("lobby", "alice", "c-4", "seq 1 goes"));
        append(store, NewMessage.chat("lobby", "alice", "c-5", "seq 2 goes"));
        assertThat(seqs(all(store, "lobby"))).containsExactly(3L, 4L, 5L);
        assertThat(receiptsOf(store, "lobby")).as("the dropped messages' receipts went with them").containsExactly(third);
        assertThat(receipt(store, "lobby", 1, "carol").refusal()).isEqualTo(ReceiptListener.Refusal.NO_VOICE_MESSAGE);
        assertThat(receipt(store, "lobby", 3, "carol").receipt().id()).as("never reused")
                .isGreaterThan(Math.max(first.id(), Math.max(second.id(), third.id())));

        byte[] c = clip(7, 1_000);
        for (int i = 1; i <= 4; i++) {
            append(store, voice("bytes", "alice", "v-" + i, c));
        }
        assertThat(seqs(all(store, "bytes"))).containsExactly(2L, 3L, 4L);
        store.close();
        MessageStore byBytes = open(new Retention(Duration.ofDays(30), 1000, 2L * c.length + 10), MutableClock.stopped());
        append(byBytes, voice("bytes", "alice", "v-5", c));
        assertThat(seqs(all(byBytes, "bytes"))).as("two clips fit, not three").containsExactly(4L, 5L);
        append(byBytes, NewMessage.chat("bytes", "alice", "c-6", "0123456789"));
        assertThat(seqs(all(byBytes, "bytes"))).as("two clips and ten bytes fit").containsExactly(4L, 5L, 6L);
        append(byBytes, NewMessage.chat("bytes", "alice", "c-7", "x"));
        assertThat(seqs(all(byBytes, "bytes"))).containsExactly(5L, 6L, 7L);
    }

    @Test
    void retentionByAgeDropsOldMessagesWithTheirReceipts() throws Exception {
        MutableClock clock = MutableClock.stopped();
        MessageStore store = open(new Retention(Duration.ofHours(1), 1000, 1L << 30), clock);
        append(store, voice("lobby", "alice", "v-1", clip(1, 800)));
        append(store, voice("old", "alice", "v-1", clip(2, 800)));
        receipt(store, "lobby", 1, "bob");
        clock.advance(Duration.ofMinutes(50));
        append(store, voice("lobby", "alice", "v-2", clip(3, 800)));
        Played kept = receipt(store, "lobby", 2, "bob").receipt();
        clock.advance(Duration.ofMinutes(20));
        append(store, NewMessage.chat("elsewhere", "alice", "c-1", "wakes the sweep"));
        store.flush();
        assertThat(seqs(all(store, "lobby"))).containsExactly(2L);
        assertThat(all(store, "old")).isEmpty();
        assertThat(receiptsOf(store, "lobby")).containsExactly(kept);
        assertThat(store.lastSeq("old")).as("seqs are never reused").isEqualTo(1);
        assertThat(append(store, NewMessage.chat("old", "alice", "c-2", "on")).message().message().seq()).isEqualTo(2);
    }

    @Test
    void aRestartKeepsMessagesClipsReceiptsAndCounters() throws Exception {
        byte[] wav = clip(3, 2_000);
        MessageStore store = open();
        StoredMessage chat = append(store, NewMessage.chat("lobby", "alice", "c-1", "kept")).message();
        StoredMessage voice = append(store, voice("lobby", "alice", "v-1", wav)).message();
        Played played = receipt(store, "lobby", 2, "bob").receipt();
        store.close();
        assertThatThrownBy(() -> await(submit(store, NewMessage.chat("lobby", "x", "y", "z"))))
                .as("appends after close fail").hasRootCauseInstanceOf(IllegalStateException.class);

        MessageStore again = open();
        assertThat(again.lastSeq("lobby")).isEqualTo(2);
        assertThat(again.lastReceiptId("lobby")).isEqualTo(played.id());
        List<StoredMessage> got = all(again, "lobby");
        assertThat(got).extracting(StoredMessage::message).containsExactly(chat.message(), voice.message());
        assertThat(got.get(1).clip()).isEqualTo(wav);
        assertThat(receiptsOf(again, "lobby")).containsExactly(played);
        assertThat(append(again, NewMessage.chat("lobby", "ALICE", "c-1", "resent")).duplicate()).isTrue();
        assertThat(receipt(again, "lobby", 2, "BOB").duplicate()).isTrue();
        assertThat(append(again, NewMessage.chat("lobby", "alice", "c-2", "next")).message().message().seq()).isEqualTo(3);
        assertThat(again.problem(Duration.ofSeconds(5))).isEmpty();
    }
}
