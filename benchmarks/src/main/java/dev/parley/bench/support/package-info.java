/**
 * What the scenarios and the reference servers' own clients share: a process's CPU time from /proc
 * ({@link dev.parley.bench.support.ProcStats}) and a TLS context that trusts one certificate by its SHA-256
 * ({@link dev.parley.bench.support.Pinning}).
 */
package dev.parley.bench.support;
