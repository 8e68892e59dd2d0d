package dev.parley.relay.net;

/**
 * A user event asking the connection's {@link RelayFrameHandler} to close it with a WebSocket close code: how the rest
 * of the edge (the upgrade gate on an RFC 6455 violation, the server at shutdown) closes a connection, through the
 * pipeline, without looking that handler up. A connection that is not a WebSocket yet is simply closed.
 *
 * @param code   the close code
 * @param reason the close frame's reason (cut to what a close frame holds)
 */
record CloseConnection(int code, String reason) {
}
