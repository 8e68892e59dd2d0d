package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;

/**
 * Told the outcome of {@link MessageStore#appendReceipt}. Called on the store's writer thread, in the order the
 * receipts (and messages) were appended.
 */
public interface ReceiptListener {
    /** Why a receipt was not stored although nothing failed. */
    enum Refusal {
        /** The room has no voice message with that seq: never stored, a chat message, or dropped by retention. */
        NO_VOICE_MESSAGE,
        /** The voice message was sent by the same nick (compared case-insensitively). */
        OWN_MESSAGE
    }

    /**
     * The receipt is durably stored (committed), or was already stored for the same (room, seq, nick).
     *
     * @param receipt   as stored (never marked replay); the earlier copy when {@code duplicate}
     * @param duplicate {@code true} when nothing new was stored
     */
    void stored(ServerMessage.Played receipt, boolean duplicate);

    /** Nothing was stored, for {@code why}. */
    void refused(Refusal why);

    /** The receipt could not be stored; nothing was stored. */
    void failed(Exception cause);
}
