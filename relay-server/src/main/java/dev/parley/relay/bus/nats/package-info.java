/**
 * The cluster bus over NATS core (jnats, no JetStream): one subject per cluster, {@code parley.<cluster>.events}, the
 * sender's relay id in the {@code Parley-Relay} header. The only package that speaks NATS.
 */
package dev.parley.relay.bus.nats;
