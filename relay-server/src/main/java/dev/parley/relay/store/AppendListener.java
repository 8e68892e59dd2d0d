package dev.parley.relay.store;

/** Told the outcome of {@link MessageStore#append}. Called on the store's writer thread, in commit (seq) order. */
public interface AppendListener {
    /**
     * The message is durably stored (committed), or was already stored under the same (room, nick, id).
     *
     * @param duplicate {@code true} when {@code message} is the earlier copy and nothing new was stored
     */
    void stored(StoredMessage message, boolean duplicate);

    /** The message could not be stored; nothing was stored. */
    void failed(Exception cause);
}
