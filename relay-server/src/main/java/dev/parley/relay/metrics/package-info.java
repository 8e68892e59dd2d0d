/**
 * The relay's metrics: {@link dev.parley.relay.RelayEvents} counted with Micrometer, gauges read from the running relay,
 * the JVM's own figures, all exposed in Prometheus's text format. The only package that speaks Micrometer; it knows
 * nothing of sockets, the relay logic or the store (they report through {@code RelayEvents}).
 */
package dev.parley.relay.metrics;
