package dev.parley.client.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.ManualScheduler;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The played receipts this person says, without sockets: a wire that records the seqs it was given while "joined on
 * protocol 3", answers the test writes as the relay would, and a clock moved by hand.
 */
class PlayedReceiptsTest {
    private final List<Long> sent = new ArrayList<>();
    private boolean speaks;
    private final ManualScheduler scheduler = new ManualScheduler(MutableClock.stopped());
    private final PlayedReceipts receipts = new PlayedReceipts((seq, due) -> {
        if (!speaks || !due.getAsBoolean()) {
            return false;
        }
        sent.add(seq);
        return true;
    }, scheduler);

    private static ServerMessage.Error error(ErrorCode code, String ref) {
        return new ServerMessage.Error(code, "x", ref);
    }

    @Test
    void aReceiptGoesOnceASessionAndIsKeptUntilTheRelaysCopyComesBack() {
        speaks = true;
        assertThat(receipts.played(7)).isTrue();
        assertThat(sent).containsExactly(7L);
        assertThat(receipts.waiting()).containsExactly(7L);

        assertThat(receipts.played(7)).as("heard again before the relay answered").isFalse();
        receipts.confirmed(7);
        assertThat(receipts.waiting()).isEmpty();
        assertThat(receipts.played(7)).as("heard again after: said already this session").isFalse();
        receipts.joined();
        assertThat(sent).as("nothing goes again after a welcome once confirmed").containsExactly(7L);
    }

    @Test
    void oneIsOnItsWayAtATimeLowestFirstEachAnswerSendsTheNext() {
        speaks = true;
        receipts.played(9);
        receipts.played(4);
        receipts.played(6);
        assertThat(sent).as("the second and third wait for the first's answer").containsExactly(9L);
        receipts.confirmed(9);
        assertThat(sent).containsExactly(9L, 4L);
        receipts.confirmed(4);
        assertThat(sent).containsExactly(9L, 4L, 6L);
        receipts.confirmed(6);
        assertThat(receipts.waiting()).isEmpty();
    }

    @Test
    void whatWasSaidWhileDisconnectedOrUnconfirmedGoesAfterEveryWelcome() {
        receipts.played(3);
        receipts.played(5);
        assertThat(sent).as("not joined").isEmpty();

        speaks = true;
        receipts.joined();
        assertThat(sent).containsExactly(3L);
        receipts.socketGone(); // dropped before the relay answered

        receipts.joined();
        assertThat(sent).as("again after the next welcome").containsExactly(3L, 3L);
        receipts.confirmed(3);
        assertThat(sent).containsExactly(3L, 3L, 5L);
        receipts.confirmed(5);
        receipts.socketGone();
        receipts.joined();
        assertThat(sent).as("all confirmed: nothing more").hasSize(3);
    }

    @Test
    void aSessionBelowProtocol3SendsNoneAndTheyWaitForOneThatSpeaksReceipts() {
        speaks = false; // joined on protocol 2
        receipts.joined();
        receipts.played(2);
        assertThat(sent).isEmpty();
        assertThat(receipts.waiting()).containsExactly(2L);
        speaks = true;
        receipts.socketGone();
        receipts.joined();
        assertThat(sent).containsExactly(2L);
    }

    @Test
    void aReceiptThatCameFromAnEarlierSessionIsNeverSaidAgain() {
        speaks = true;
        receipts.confirmed(11); // the join's catch-up brought this person's receipt of a run before
        assertThat(receipts.played(11)).isFalse();
        assertThat(sent).isEmpty();
    }

    @Test
    void notFoundForgetsTheReceiptOnItsWayQuietlyAndTheNextGoes() {
        speaks = true;
        receipts.played(40);
        receipts.played(41);
        receipts.refused(error(ErrorCode.NOT_FOUND, null));
        assertThat(receipts.waiting()).as("the message is gone: nothing to say").containsExactly(41L);
        assertThat(sent).containsExactly(40L, 41L);
        receipts.socketGone();
        receipts.joined();
        assertThat(sent).as("never again after a welcome").containsExactly(40L, 41L, 41L);
        assertThat(receipts.played(40)).as("said once this session").isFalse();
    }

    @Test
    void errorsAboutMessagesWithAnIdAreNotAboutReceipts() {
        speaks = true;
        receipts.played(8);
        receipts.refused(error(ErrorCode.BAD_REQUEST, "c-1"));
        receipts.refused(error(ErrorCode.RATE_LIMITED, "c-2"));
        scheduler.advance(Duration.ofSeconds(10));
        assertThat(receipts.waiting()).containsExactly(8L);
        assertThat(sent).containsExactly(8L);
    }

    @Test
    void aBadRequestWithoutRefDropsTheReceiptOnItsWayForTheRelayWouldRefuseItAgain() {
        speaks = true;
        receipts.played(8);
        receipts.refused(error(ErrorCode.BAD_REQUEST, null)); // e.g. "voice message 8 is your own"
        assertThat(receipts.waiting()).isEmpty();
    }

    @Test
    void aRateLimitedReceiptIsSentAgainTwoSecondsLater() {
        speaks = true;
        receipts.played(12);
        receipts.refused(error(ErrorCode.RATE_LIMITED, null));
        scheduler.advance(Duration.ofMillis(PlayedReceipts.RATE_LIMIT_RETRY_MILLIS - 1));
        assertThat(sent).containsExactly(12L);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(sent).containsExactly(12L, 12L);
        receipts.confirmed(12);
        assertThat(receipts.waiting()).isEmpty();
    }

    @Test
    void aRateLimitAboutSomethingElseDoesNotSendTheReceiptTwiceWhenItsAnswerCameMeanwhile() {
        speaks = true;
        receipts.played(12);
        receipts.played(13);
        receipts.refused(error(ErrorCode.RATE_LIMITED, null)); // a typing state was refused, not the receipt
        receipts.confirmed(12);
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(sent).containsExactly(12L, 13L);
    }

    @Test
    void turningTellingOffDropsWhatWaitsAndSaysNothingUntilItIsOnAgain() {
        speaks = true;
        receipts.played(20);
        receipts.played(21);
        receipts.tell(false);
        assertThat(receipts.waiting()).isEmpty();
        assertThat(receipts.played(22)).isFalse();
        receipts.socketGone();
        receipts.joined();
        receipts.confirmed(20); // the answer to the one on its way before the setting changed
        assertThat(sent).containsExactly(20L);

        receipts.tell(true);
        assertThat(receipts.played(21)).as("dropped before it was confirmed: may be said when heard again").isTrue();
        assertThat(receipts.played(20)).as("confirmed: said already").isFalse();
        assertThat(sent).containsExactly(20L, 21L);
    }

    @Test
    void noSeqIsNoReceipt() {
        speaks = true;
        assertThat(receipts.played(0)).isFalse();
        assertThat(sent).isEmpty();
    }
}
