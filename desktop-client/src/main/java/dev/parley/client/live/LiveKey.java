package dev.parley.client.live;

/** A live stream as listeners tell them apart: the speaker's nick and the stream's (and stored message's) id. */
public record LiveKey(String from, String id) {
}
