package dev.parley.relay.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A store's one writer thread: takes writes off a queue in bounded batches, hands each batch to its {@link Worker}
 * as one group commit, and answers flushes and the stop in queue order.
 *
 * <p>A batch holds at most {@code maxBatch} writes and takes no more once its writes' {@link Write#bytes()} reach
 * {@code maxBatchBytes}. Before each batch, and whenever no write came for {@link Worker#waitMillis()}, the worker's
 * {@link Worker#between} runs on the thread (retention by age, looking whether a database is back). A write submitted
 * after {@link #stop()} fails at once; writes that raced in behind the stop are still committed.
 *
 * @param <W> what the worker stores
 */
public final class WriteQueue<W extends WriteQueue.Write> {

    /** Something to store, with whom to tell. */
    public interface Write {
        /** Tells the listener that nothing of it was stored. */
        void failed(Exception cause);

        /** The bytes it adds to a batch (a clip's), for the batch's byte bound. */
        default long bytes() {
            return 0;
        }
    }

    /** What the writer thread does besides taking writes; every method runs on the writer thread. */
    public interface Worker<W> {
        /** How long to wait for a write before calling {@link #between} without one. */
        long waitMillis();

        /** Runs before each batch ({@code idle} false) and after each wait that brought no write ({@code idle} true). */
        void between(boolean idle);

        /** Stores {@code writes} as one group commit and tells each write's listener how it went. */
        void commit(List<W> writes);

        /** Runs when the thread ends. */
        default void finished() {
        }
    }

    private sealed interface Op<W> permits Pending, Flush, Stop {
    }

    private record Pending<W>(W write) implements Op<W> {
    }

    private record Flush<W>(CountDownLatch done) implements Op<W> {
    }

    private record Stop<W>() implements Op<W> {
    }

    private final int maxBatch;
    private final long maxBatchBytes;
    private final Worker<W> worker;
    private final LinkedBlockingQueue<Op<W>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopped;

    /** A queue whose thread (not started yet) is called {@code threadName}. */
    public WriteQueue(String threadName, int maxBatch, long maxBatchBytes, Worker<W> worker) {
        this.maxBatch = maxBatch;
        this.maxBatchBytes = maxBatchBytes;
        this.worker = worker;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues {@code write}, or fails it at once when the queue is stopped. */
    public void submit(W write) {
        if (stopped) {
            write.failed(new IllegalStateException("the store is closed"));
            return;
        }
        queue.add(new Pending<>(write));
    }

    /** Whether it takes no more writes: stopped, or its thread ended. */
    public boolean closed() {
        return stopped || !thread.isAlive();
    }

    /** Returns once everything submitted before has been committed (or has failed). */
    public void flush() throws InterruptedException {
        if (!thread.isAlive()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Flush<>(done));
        done.await();
    }

    /** Commits what is queued, then ends the thread; waits for it up to 30 s. */
    public void stop() {
        stopped = true;
        queue.add(new Stop<>());
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Op<W>> batch = new ArrayList<>();
        try {
            while (true) {
                Op<W> first = queue.poll(worker.waitMillis(), TimeUnit.MILLISECONDS);
                worker.between(first == null);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                drainInto(batch);
                if (process(batch)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            worker.finished();
        }
    }

    /** Adds what is queued to {@code batch}, up to the batch's bounds. */
    private void drainInto(List<Op<W>> batch) {
        long bytes = bytesOf(batch.get(0));
        while (batch.size() < maxBatch && bytes < maxBatchBytes) {
            Op<W> next = queue.poll();
            if (next == null) {
                return;
            }
            batch.add(next);
            bytes += bytesOf(next);
        }
    }

    private static long bytesOf(Op<?> op) {
        return op instanceof Pending<?> p ? ((Write) p.write()).bytes() : 0;
    }

    /** Commits one batch's writes as one group and answers every op of it; returns whether to stop. */
    private boolean process(List<Op<W>> batch) {
        List<W> writes = new ArrayList<>(batch.size());
        for (Op<W> op : batch) {
            if (op instanceof Pending<W> p) {
                writes.add(p.write());
            }
        }
        if (!writes.isEmpty()) {
            worker.commit(writes);
        }
        boolean stop = false;
        for (Op<W> op : batch) {
            if (op instanceof Flush<W> f) {
                f.done().countDown();
            } else if (op instanceof Stop<W>) {
                stop = true;
            }
        }
        if (stop) {
            // answer whatever raced in behind the stop
            List<Op<W>> rest = new ArrayList<>();
            queue.drainTo(rest);
            if (!rest.isEmpty()) {
                process(rest);
            }
        }
        return stop;
    }
}
