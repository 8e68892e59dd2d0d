package dev.parley.relay.store;

/**
 * A played receipt to store: {@code nick} heard voice message {@code seq} of {@code room} to its end.
 *
 * @param nick the nick of the member who played it, as shown to others (compared case-insensitively)
 */
public record NewReceipt(String room, long seq, String nick) {
}
