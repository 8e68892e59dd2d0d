package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where receipts resume from: the highest id received, not raised by receipts that come with a history answer. */
class ReceiptCursorTest {
    private final ReceiptCursor cursor = new ReceiptCursor();

    private static ServerMessage.Played receipt(long id, boolean replay) {
        return new ServerMessage.Played(3, "bob", 1000, id, replay);
    }

    @Test
    void liveAndCatchUpReceiptsRaiseItToTheHighestIdInAnyOrder() {
        assertThat(cursor.playedSince()).as("none yet: all of the room's").isZero();
        cursor.received(receipt(4, true)); // the join's catch-up
        cursor.received(receipt(9, false));
        cursor.received(receipt(7, false));
        assertThat(cursor.playedSince()).isEqualTo(9);
    }

    @Test
    void receiptsThatComeWhileHistoryIsAnsweredDoNotRaiseItLiveOnesStillDo() {
        cursor.received(receipt(5, false));
        cursor.historyAsked();
        cursor.received(receipt(12, true)); // with the history answer: maybe newer than a live one on its way
        assertThat(cursor.playedSince()).isEqualTo(5);
        cursor.received(receipt(8, false));
        assertThat(cursor.playedSince()).isEqualTo(8);
        cursor.historyEnded();
        cursor.received(receipt(13, true));
        assertThat(cursor.playedSince()).as("no history under way: a replay is the catch-up").isEqualTo(13);
    }

    @Test
    void twoHistoryRequestsNeedTwoEndsAndADropForgetsThem() {
        cursor.historyAsked();
        cursor.historyAsked();
        cursor.historyEnded();
        cursor.received(receipt(3, true));
        assertThat(cursor.playedSince()).isZero();
        cursor.socketGone(); // the answer will never come
        cursor.received(receipt(3, true));
        assertThat(cursor.playedSince()).isEqualTo(3);
        cursor.historyEnded(); // a stray end changes nothing
        cursor.received(receipt(4, true));
        assertThat(cursor.playedSince()).isEqualTo(4);
    }
}
