package dev.parley.relay.store;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer thread both stores share: batch bounds, flush, stop, and what is refused after the stop. */
class WriteQueueTest {

    /** A write of {@code bytes}; remembers why it failed. */
    private static final class Item implements WriteQueue.Write {
        final int n;
        final long bytes;
        volatile Exception failure;

        Item(int n, long bytes) {
            this.n = n;
            this.bytes = bytes;
        }

        @Override
        public void failed(Exception cause) {
            failure = cause;
        }

        @Override
        public long bytes() {
            return bytes;
        }
    }

    /** Records each batch's writes and whether the thread ended. */
    private static final class Recording implements WriteQueue.Worker<Item> {
        final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch finished = new CountDownLatch(1);

        @Override
        public long waitMillis() {
            return 60_000;
        }

        @Override
        public void between(boolean idle) {
        }

        @Override
        public void commit(List<Item> writes) {
            batches.add(writes.stream().map(w -> w.n).toList());
        }

        @Override
        public void finished() {
            finished.countDown();
        }
    }

    @Test
    void aBatchTakesAtMostItsCountOfWrites() throws Exception {
        Recording worker = new Recording();
        WriteQueue<Item> queue = new WriteQueue<>("test-writer", 3, Long.MAX_VALUE, worker);
        for (int n = 0; n < 5; n++) {
            queue.submit(new Item(n, 0)); // queued before the thread starts: one batch could take them all
        }
        queue.start();
        queue.flush();
        assertThat(worker.batches).containsExactly(List.of(0, 1, 2), List.of(3, 4));
        queue.stop();
    }

    @Test
    void aBatchTakesNoMoreOnceItsBytesReachTheBound() throws Exception {
        Recording worker = new Recording();
        WriteQueue<Item> queue = new WriteQueue<>("test-writer", 100, 100, worker);
        queue.submit(new Item(0, 60));
        queue.submit(new Item(1, 60));
        queue.submit(new Item(2, 0));
        queue.submit(new Item(3, 150));
        queue.submit(new Item(4, 0));
        queue.start();
        queue.flush();
        assertThat(worker.batches).containsExactly(List.of(0, 1), List.of(2, 3), List.of(4));
        queue.stop();
    }

    @Test
    void stopCommitsWhatWasQueuedEndsTheThreadAndRefusesLaterWrites() throws Exception {
        Recording worker = new Recording();
        WriteQueue<Item> queue = new WriteQueue<>("test-writer", 100, Long.MAX_VALUE, worker);
        queue.start();
        queue.submit(new Item(0, 0));
        queue.submit(new Item(1, 0));
        assertThat(queue.closed()).isFalse();
        queue.stop();
        assertThat(worker.batches.stream().flatMap(List::stream).toList()).containsExactly(0, 1);
        assertThat(worker.finished.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(queue.closed()).isTrue();

        Item late = new Item(2, 0);
        queue.submit(late);
        assertThat(late.failure).isInstanceOf(IllegalStateException.class).hasMessage("the store is closed");
        queue.flush(); // returns at once: the thread has ended
        assertThat(worker.batches.stream().flatMap(List::stream).toList()).containsExactly(0, 1);
    }
}
