package dev.parley.relay.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Thread snapshots: which threads a relay started, whether they are gone, how much CPU they used. */
public final class Threads {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private Threads() {
    }

    public static Set<Thread> live() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /** Live threads that were not in {@code before}, leaving out threads the JVM itself starts on demand. */
    public static List<Thread> startedSince(Set<Thread> before) {
        return live().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !isJvmOwn(t))
                .collect(Collectors.toList());
    }

    private static boolean isJvmOwn(Thread t) {
        String n = t.getName();
        return n.startsWith("process reaper") || n.startsWith("ForkJoinPool.commonPool") || n.equals("Attach Listener")
                || n.startsWith("surefire") || n.equals("Common-Cleaner") || n.startsWith("JFR")
                || n.startsWith("awaitility");
    }

    /** CPU time of these threads, in nanoseconds (threads that ended count as 0 from then on). */
    public static long cpuNanos(Collection<Thread> threads) {
        long sum = 0;
        for (Thread t : threads) {
            long n = MX.getThreadCpuTime(t.getId());
            if (n > 0) {
                sum += n;
            }
        }
        return sum;
    }

    public static String describe(Collection<Thread> threads) {
        return threads.stream().map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : " (NON-daemon)"))
                .collect(Collectors.joining(", "));
    }
}
