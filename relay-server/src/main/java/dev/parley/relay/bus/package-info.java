/**
 * The cluster bus: how a relay's room events reach the other relays of its cluster. {@link
 * dev.parley.relay.bus.ClusterBus} names no transport; {@code bus.nats} carries it over NATS (the only package that
 * speaks NATS), {@link dev.parley.relay.bus.LocalBus} inside one process (tests, a single-process demo).
 */
package dev.parley.relay.bus;
