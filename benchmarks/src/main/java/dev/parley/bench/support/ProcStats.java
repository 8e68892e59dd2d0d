package dev.parley.bench.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time and memory of a server process, read from Linux's /proc (no agent, no JMX in the measured process); this
 * program's own CPU time; the machine's load average.
 */
public final class ProcStats {
    /** USER_HZ: the unit of utime/stime in /proc/.../stat; 100 on every mainstream Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStats() {
    }

    /**
     * CPU time of the whole process, in nanoseconds: the time each of its threads has run, from
     * {@code /proc/<pid>/task/<tid>/schedstat} (nanosecond resolution; user and kernel time alike), or utime + stime
     * (10 ms ticks: over a 5 s window that is ±0.2 % of a core, as much as one live stream's cost) where the kernel
     * keeps no schedstat. A thread that ends between two readings takes its time with it: the measured servers keep
     * theirs (the JVM children run with a fixed number of compiler threads, see {@link #STEADY_THREADS}).
     */
    public static long cpuNanos(long pid) {
        if (!SCHEDSTAT) {
            return ticks(Path.of("/proc", Long.toString(pid), "stat")) * NANOS_PER_TICK;
        }
        long nanos = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    nanos += runNanos(t);
                } catch (IOException e) {
                    continue; // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid, e);
        }
        return nanos;
    }

    /** The run time of one thread, {@code /proc/<pid>/task/<tid>}, from its {@code schedstat} (ns). */
    private static long runNanos(Path task) throws IOException {
        String run = Files.readString(task.resolve("schedstat"));
        return Long.parseLong(run.substring(0, run.indexOf(' ')));
    }

    /**
     * JVM options that keep a Java server's threads for its whole life, so that {@link #cpuNanos} misses no thread's
     * time: HotSpot otherwise ends compiler threads it no longer needs.
     */
    public static final List<String> STEADY_THREADS = List.of("-XX:-UseDynamicNumberOfCompilerThreads");

    /** Whether this kernel keeps per-thread run times in nanoseconds. */
    private static final boolean SCHEDSTAT = Files.isReadable(Path.of("/proc/self/schedstat"));

    /**
     * utime + stime of a process and of every process below it that is running, plus what its children that have
     * ended and been waited for used (cutime + cstime), in nanoseconds: e.g. PostgreSQL's postmaster with its
     * backends and background writers. A descendant that ends between two readings moves from the first part to the
     * second once its parent has waited for it.
     */
    public static long treeCpuNanos(long pid) {
        long nanos;
        try {
            String[] f = fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            nanos = (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
        for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(List.of())) {
            try {
                nanos += ticksOf(Files.readString(Path.of("/proc", Long.toString(child.pid()), "stat"))) * NANOS_PER_TICK;
            } catch (IOException e) {
                continue; // it ended between listing and reading: its parent's cutime will hold it
            }
        }
        return nanos;
    }

    /**
     * utime + stime of a process, in nanoseconds counted in 10 ms ticks: the same clock as {@link #systemNanos}, so
     * that their ratio over a window is the kernel's share of the process's CPU ({@link #kernelNanos}).
     */
    public static long tickedCpuNanos(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat")) * NANOS_PER_TICK;
    }

    /**
     * The kernel's part of {@code cpuNanos} of CPU time over a window (ns): its share in the ticked figures of the same
     * window ({@code systemNanos} of {@code tickedNanos}), applied to the precise total. The ticked kernel time and a
     * {@link #cpuNanos} total are not on one clock: divided directly, they made 99 % of a quiet stream "kernel".
     */
    public static long kernelNanos(long systemNanos, long tickedNanos, long cpuNanos) {
        return tickedNanos <= 0 ? 0 : Math.round(cpuNanos * ((double) systemNanos / tickedNanos));
    }

    /** stime alone (CPU time spent in the kernel on the process's behalf: system calls, TCP), in nanoseconds. */
    public static long systemNanos(long pid) {
        try {
            String[] f = fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return Long.parseLong(f[12]) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /**
     * The CPU time of every thread, by "name#tid", in nanoseconds: its run time from {@code schedstat} where the kernel
     * keeps it (as {@link #cpuNanos}), else utime + stime in 10 ms ticks.
     */
    public static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(name + "#" + t.getFileName(), SCHEDSTAT ? runNanos(t) : ticksOf(stat) * NANOS_PER_TICK);
                } catch (IOException e) {
                    continue; // the thread ended between listing and reading: nothing to report for it
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of process " + pid, e);
        }
        return out;
    }

    /** Resident set size, in bytes. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the memory of process " + pid, e);
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    /**
     * The {@code n} threads that used the most CPU between two {@link #threadCpuNanos} readings {@code seconds} apart,
     * each as its name and its share of one core: "parley-io 25%, writer 12%".
     */
    public static String topThreads(Map<String, Long> before, Map<String, Long> after, int n, double seconds) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> e.getValue()).reversed())
                .limit(n)
                .map(e -> e.getKey().substring(0, e.getKey().indexOf('#'))
                        + String.format(" %.0f%%", 100.0 * e.getValue() / 1e9 / seconds))
                .collect(Collectors.joining(", "));
    }

    /** CPU time of this program (the load generator: its clients and checks) so far, in nanoseconds. */
    public static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The first three fields of /proc/loadavg ("1.20 0.95 0.80"), or "?". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static long ticks(Path stat) {
        try {
            return ticksOf(Files.readString(stat));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + stat, e);
        }
    }

    private static long ticksOf(String stat) {
        String[] f = fields(stat);
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** The fields after "(comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ... */
    private static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }
}
