/**
 * The servers a cluster of relays needs beside them, started by the {@code cluster} scenario on this machine as child
 * processes: PostgreSQL ({@link dev.parley.bench.cluster.PostgresProcess}) and nats-server
 * ({@link dev.parley.bench.cluster.NatsProcess}), each on a free loopback port in a temporary folder, stopped by PID,
 * with its CPU time read from /proc. The relay's tests have fixtures that do the same
 * ({@code relay-server/src/test/.../testing/PostgresServer}, {@code NatsServer}); these are the benchmark's own because
 * the benchmark is a program shipped as one jar: it cannot depend on another module's test classes, and it needs
 * less (no outage restarts) and more (the CPU of PostgreSQL's whole process tree).
 */
package dev.parley.bench.cluster;
