package dev.parley.relay.testing;

/** A frame from the relay that the protocol codec refused: always a relay bug. */
public record Undecodable(String frame, String problem) {
}
