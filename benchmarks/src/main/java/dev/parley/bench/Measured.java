package dev.parley.bench;

import java.util.Map;

/**
 * The processes a measurement window reads from /proc: the server under test (one process, or the relays of a cluster
 * added up), and processes beside it that are counted apart, each by name (a cluster's PostgreSQL and nats-server).
 */
interface Measured {
    /** Whether there is a process to read (false for a relay someone else runs). */
    boolean measurable();

    /** CPU time of the server so far (ns), or 0 when it is not measurable. */
    long cpuNanos();

    /** Kernel CPU time of the server so far (ns, in 10 ms ticks), or 0 when it is not measurable. */
    long systemNanos();

    /** User and kernel CPU time of the server so far (ns, in 10 ms ticks as {@link #systemNanos}), or 0. */
    long tickedCpuNanos();

    /** CPU time of every server thread so far (ns), by "name#tid". */
    Map<String, Long> threadCpu();

    /** CPU time so far (ns) of each process beside the server, by name; none by default. */
    default Map<String, Long> besideCpuNanos() {
        return Map.of();
    }
}
