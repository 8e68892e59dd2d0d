package dev.parley.relay.store;

import dev.parley.protocol.WavInfo;

/**
 * A chat or voice message to store. Exactly one of {@code text} and {@code clip} is set.
 *
 * @param from the sender's nick as shown to others
 * @param id   the sender's message id (unique per room and nick, compared case-insensitively by nick)
 * @param wav  the clip's format, for a voice message
 */
public record NewMessage(String room, String from, String id, String text, byte[] clip, WavInfo wav) {

    public static NewMessage chat(String room, String from, String id, String text) {
        return new NewMessage(room, from, id, text, null, null);
    }

    public static NewMessage voice(String room, String from, String id, byte[] clip, WavInfo wav) {
        return new NewMessage(room, from, id, null, clip, wav);
    }

    public boolean isVoice() {
        return clip != null;
    }
}
