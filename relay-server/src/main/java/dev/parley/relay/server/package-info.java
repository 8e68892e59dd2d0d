/**
 * The running relay: {@link dev.parley.relay.server.ParleyRelay} wires the network edge, the relay logic, the store,
 * TLS, the web client and LAN discovery together from a {@link dev.parley.relay.RelayConfig}, for the command line
 * and for the desktop app that hosts a relay in-process. Nothing else in the relay depends on it.
 */
package dev.parley.relay.server;
