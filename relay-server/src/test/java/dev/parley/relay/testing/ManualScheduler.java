package dev.parley.relay.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler whose time is a {@link MutableClock}: tasks submitted to run now run at once, on the caller's thread;
 * tasks scheduled for later wait until {@link #advance} moves the clock past their time, and then run on the thread
 * that advanced it, in time order, with the clock showing their time. Thread-safe; periodic tasks are not supported.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final MutableClock clock;
    private final PriorityQueue<Task<?>> waiting = new PriorityQueue<>();
    private final AtomicLong order = new AtomicLong();
    private volatile boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Moves the clock forward by {@code by}, running every task that falls due on the way. */
    public void advance(Duration by) {
        long until = clock.millis() + by.toMillis();
        Task<?> next;
        while ((next = nextDue(until)) != null) {
            clock.advance(Duration.ofMillis(next.at - clock.millis()));
            next.run();
        }
        clock.advance(Duration.ofMillis(until - clock.millis()));
    }

    /** Tasks scheduled and neither run nor cancelled yet. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private synchronized Task<?> nextDue(long until) {
        Task<?> first = waiting.peek();
        return first != null && first.at <= until ? waiting.poll() : null;
    }

    private synchronized <V> Task<V> add(Task<V> task) {
        waiting.add(task);
        return task;
    }

    private synchronized void remove(Task<?> task) {
        waiting.remove(task);
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return schedule(() -> {
            command.run();
            return null;
        }, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        long delayMillis = TimeUnit.NANOSECONDS.toMillis(Math.max(0, unit.toNanos(delay)) + 999_999); // never early
        return add(new Task<>(clock.millis() + delayMillis, order.incrementAndGet(), callable));
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not supported");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("periodic tasks are not supported");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        synchronized (this) {
            List<Runnable> left = new ArrayList<>(waiting);
            waiting.clear();
            return left;
        }
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    private final class Task<V> implements ScheduledFuture<V>, Runnable {
        final long at;
        private final long seq;
        private final Callable<V> work;
        private volatile boolean cancelled;
        private volatile boolean done;
        private V result;

        Task(long at, long seq, Callable<V> work) {
            this.at = at;
            this.seq = seq;
            this.work = work;
        }

        @Override
        public void run() {
            if (cancelled) {
                return;
            }
            try {
                result = work.call();
            } catch (Exception e) {
                throw new IllegalStateException("a scheduled task failed", e);
            } finally {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(at - clock.millis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task<?> o = (Task<?>) other;
            return at != o.at ? Long.compare(at, o.at) : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            remove(this);
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public V get() {
            if (!done) {
                throw new IllegalStateException("not run yet: advance the clock");
            }
            return result;
        }

        @Override
        public V get(long timeout, TimeUnit unit) {
            return get();
        }
    }
}
