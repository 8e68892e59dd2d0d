package dev.parley.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** CPU time and memory of another process, read from Linux's /proc (no agent, no JMX in the measured process). */
final class ProcStats {
    /** USER_HZ: the unit of utime/stime in /proc/.../stat; 100 on every mainstream Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ProcStats() {
    }

    /** utime + stime of the whole process, in nanoseconds (10 ms resolution). */
    static long cpuNanos(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat")) * NANOS_PER_TICK;
    }

    /** stime alone (CPU time spent in the kernel on the process's behalf: system calls, TCP), in nanoseconds. */
    static long systemNanos(long pid) {
        try {
            String[] f = fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            return Long.parseLong(f[12]) * NANOS_PER_TICK;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the CPU time of process " + pid, e);
        }
    }

    /** utime + stime of every thread, by "name#tid", in nanoseconds. */
    static Map<String, Long> threadCpuNanos(long pid) {
        Map<String, Long> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    out.put(name + "#" + t.getFileName(), ticksOf(stat) * NANOS_PER_TICK);
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
    static long rssBytes(long pid) {
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
