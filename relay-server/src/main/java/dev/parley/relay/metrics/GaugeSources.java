package dev.parley.relay.metrics;

import java.util.function.IntSupplier;

/**
 * Where the gauges read their values at each scrape: cheap reads of counts the relay keeps anyway.
 *
 * @param connections   open connections on the relay's port, of every kind
 * @param webSockets    of those, connections past their WebSocket upgrade
 * @param members       members joined to a room, all rooms together
 * @param occupiedRooms rooms with at least one member
 * @param liveStreams   live voice streams open
 */
public record GaugeSources(IntSupplier connections, IntSupplier webSockets, IntSupplier members,
                           IntSupplier occupiedRooms, IntSupplier liveStreams) {
}
