package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

/**
 * Where a connection's played receipts resume from: the highest receipt id received in this room, sent as
 * {@code playedSince} in every {@code hello} after the first (0 before any: then the relay sends all of the room's).
 *
 * <p>Receipts that come while a history request is being answered do not raise it: a history answer carries replayed
 * receipts (as the join's catch-up does), and the rule is kept simple and safe: not counting a receipt can only make
 * the relay send it again, which is harmless, while counting one newer than a live receipt still on its way would
 * lose that one after a drop. Thread-safe.
 */
final class ReceiptCursor {
    private long highest;
    /** History requests sent on the current socket and not answered yet ({@code history-end}). */
    private int historyAsked;

    /** A history request went out on the current socket. */
    synchronized void historyAsked() {
        historyAsked++;
    }

    /** A history answer ended. */
    synchronized void historyEnded() {
        historyAsked = Math.max(0, historyAsked - 1);
    }

    /** The socket is gone: its history requests will not be answered. */
    synchronized void socketGone() {
        historyAsked = 0;
    }

    /** A receipt came: live, or replayed with no history answer under way (the join's catch-up), it counts. */
    synchronized void received(ServerMessage.Played receipt) {
        if (!receipt.replay() || historyAsked == 0) {
            highest = Math.max(highest, receipt.id());
        }
    }

    /** What the next resuming {@code hello} says as {@code playedSince}. */
    synchronized long playedSince() {
        return highest;
    }
}
