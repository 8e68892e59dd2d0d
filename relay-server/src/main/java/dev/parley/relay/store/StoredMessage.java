package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;

/**
 * A message as stored: its wire header (with room {@code seq} and server {@code ts}) and, for voice, the clip.
 *
 * @param clip the clip's bytes for voice, {@code null} for chat
 */
public record StoredMessage(String room, ServerMessage.Stored message, byte[] clip) {

    /** Bytes this message counts for retention: the clip, or the text in UTF-8. */
    public long size() {
        if (clip != null) {
            return clip.length;
        }
        return ((ServerMessage.Chat) message).text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
