/**
 * LAN discovery: a relay announces itself with DNS-SD over multicast DNS (RFC 6762/6763, through JmDNS) so the
 * desktop app can list the relays on its network. Discovery is a convenience: people can always type an address.
 * <p>
 * The record: service type {@value dev.parley.relay.discovery.Announcement#SERVICE_TYPE}, instance named after
 * the relay, SRV with the relay's port, A record with the address it announces on, and a TXT record holding
 * {@code protocol} (the wire protocol version), {@code name} (display name, UTF-8), {@code sha256} (the
 * certificate's SHA-256 fingerprint, {@code AB:CD:...}) {@code people} (members joined, all rooms together) and, for a relay that is one of a cluster, {@code cluster}
 * (the identity of the database its relays share, shortened) and {@code clname} (the cluster's name).
 */
package dev.parley.relay.discovery;
