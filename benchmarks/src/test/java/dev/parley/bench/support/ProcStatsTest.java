package dev.parley.bench.support;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** CPU time of a process tree, read from /proc with real processes (Linux). */
class ProcStatsTest {
    /** A shell that starts a CPU-bound child, waits for it, then idles; its own CPU stays near zero. */
    private static final String PARENT = "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done' & wait; exec sleep 60";

    @Test
    void aTreeCountsItsChildrenWhileTheyRunAndAfterTheyEnded() throws Exception {
        Process parent = new ProcessBuilder("sh", "-c", PARENT).start();
        try {
            long pid = parent.pid();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long seenRunning = 0;
            while (childBusy(parent) && System.nanoTime() < deadline) {
                seenRunning = Math.max(seenRunning, ProcStats.treeCpuNanos(pid));
                Thread.sleep(20); // sampling a child that runs on its own: there is no event to wait for
            }
            assertThat(childBusy(parent)).as("the busy child ended within 60 s").isFalse();
            long after = ProcStats.treeCpuNanos(pid);
            assertThat(seenRunning).as("the child's CPU while it ran").isPositive();
            assertThat(after).as("the child's CPU once it ended and was waited for")
                    .isGreaterThanOrEqualTo(seenRunning)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
            assertThat(ProcStats.cpuNanos(pid)).as("the parent's own CPU").isLessThan(after);
        } finally {
            parent.descendants().forEach(ProcessHandle::destroyForcibly);
            parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Whether the shell still waits for its busy child (afterwards it becomes sleep and has no child). */
    private static boolean childBusy(Process parent) {
        return parent.children().findAny().isPresent()
                || parent.info().command().map(c -> !c.endsWith("sleep")).orElse(true);
    }

    @Test
    void aProcessesCpuTimeHasNanosecondResolutionAndCountsEveryThread() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] burnt = new long[1];
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch read = new CountDownLatch(1);
        long before = ProcStats.cpuNanos(pid);
        Thread busy = new Thread(() -> {
            long start = threads.getCurrentThreadCpuTime();
            while (threads.getCurrentThreadCpuTime() - start < Duration.ofMillis(30).toNanos()) {
                Thread.onSpinWait();
            }
            burnt[0] = threads.getCurrentThreadCpuTime() - start;
            done.countDown();
            try {
                read.await(); // alive while it is read: an ended thread's time is not counted
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "busy");
        busy.start();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        long after = ProcStats.cpuNanos(pid);
        read.countDown();
        busy.join();
        assertThat(after - before).as("at least what the busy thread ran (%d ns)", burnt[0])
                .isGreaterThanOrEqualTo(burnt[0]);
        assertThat((after - before) % 10_000_000).as("not counted in 10 ms ticks").isNotZero();
    }

    @Test
    void theKernelsPartIsItsShareOfTheTickedTimeAppliedToThePreciseTotal() {
        // 3 ticks of 10 ms in the kernel out of 4 ticked in all: 3/4 of the 8.2 ms counted in nanoseconds
        assertThat(ProcStats.kernelNanos(30_000_000, 40_000_000, 8_200_000)).isEqualTo(6_150_000);
        assertThat(ProcStats.kernelNanos(0, 0, 8_200_000)).as("no tick in the window: nothing to share").isZero();
    }

    @Test
    void aProcesssTickedTimeIsAtLeastItsKernelTime() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStats.tickedCpuNanos(pid)).isGreaterThanOrEqualTo(ProcStats.systemNanos(pid)).isPositive();
    }
}
