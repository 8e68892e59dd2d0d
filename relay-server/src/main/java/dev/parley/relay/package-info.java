/**
 * The relay's configuration: {@link dev.parley.relay.RelayConfig} and the values it holds (limits, rate limits,
 * retention, the password ban, the network engine, the web client). Plain data that every other relay package may
 * read and that depends on none of them; the running relay that puts it to use is
 * {@link dev.parley.relay.server.ParleyRelay}.
 */
package dev.parley.relay;
