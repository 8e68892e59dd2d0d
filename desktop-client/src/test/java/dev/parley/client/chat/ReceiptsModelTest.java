package dev.parley.client.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Played receipts in the chat model, without the toolkit: merged per voice message, found by seq, kept for later. */
class ReceiptsModelTest {
    private final ChatModel model = new ChatModel();

    @BeforeEach
    void join() {
        model.welcome(new ServerMessage.Welcome(Protocol.VERSION_3, "s", "alice", "lobby", List.of("alice", "bob"), 10,
                Limits.DEFAULTS, "r", 0), 0);
    }

    private static ServerMessage.Voice voice(long seq, String from) {
        return new ServerMessage.Voice(seq, "v-" + seq, from, 5000, 1200, 16000, 1, 38444, false);
    }

    private static ServerMessage.Played receipt(long seq, String nick, long id, boolean replay) {
        return new ServerMessage.Played(seq, nick, 9000 + id, id, replay);
    }

    private TimelineItem item(long seq) {
        return model.timeline().stream().filter(i -> i.seq() == seq).findFirst().orElseThrow();
    }

    @Test
    void receiptsMergeByNickInAnyCaseInTheOrderTheRelayStoredThem() {
        model.stored(voice(4, "bob"), ClipData.inMemory(new byte[44]));
        model.played(receipt(4, "carol", 12, false));
        model.played(receipt(4, "dave", 7, true)); // a catch-up copy of an older receipt, after a live one
        model.played(receipt(4, "Carol", 12, true)); // the same receipt again (resend, history): changes nothing
        model.played(receipt(4, "CAROL", 15, false));
        assertThat(item(4).playersProperty().get()).containsExactly("dave", "carol");
    }

    @Test
    void aReceiptForAMessageNotLoadedYetShowsOnceItComesWithHistory() {
        model.stored(voice(8, "bob"), ClipData.inMemory(new byte[44]));
        model.played(receipt(3, "bob", 2, true)); // the join's catch-up with playedSince: an older message
        assertThat(item(8).playersProperty().get()).isEmpty();
        model.stored(new ServerMessage.Voice(3, "v-3", "alice", 4000, 900, 16000, 1, 28844, true),
                ClipData.inMemory(new byte[44]));
        assertThat(item(3).playersProperty().get()).containsExactly("bob");
    }

    @Test
    void anOwnVoiceMessageGetsItsReceiptsOnceStoredAndAChatMessageNone() {
        model.addPending(TimelineItem.voice(0, "v-1", "alice", true, 5, ClipData.inMemory(new byte[44]), 100, true));
        model.stored(new ServerMessage.Voice(11, "v-1", "alice", 6000, 100, 16000, 1, 3244, false), null);
        model.played(receipt(11, "bob", 20, false));
        assertThat(item(11).mine()).isTrue();
        assertThat(item(11).playersProperty().get()).containsExactly("bob");

        model.stored(new ServerMessage.Chat(12, "c-1", "bob", "hi", 7000, false), null);
        model.played(receipt(12, "carol", 21, false)); // a relay would say not_found; a receipt changes no bubble
        assertThat(item(12).playersProperty().get()).isEmpty();
    }

    @Test
    void theSessionSaysWhetherItSpeaksReceipts() {
        assertThat(model.receiptsProperty().get()).isTrue();
        model.welcome(new ServerMessage.Welcome(Protocol.VERSION_2, "s", "alice", "lobby", List.of("alice"), 10,
                Limits.DEFAULTS, "r"), 0);
        assertThat(model.receiptsProperty().get()).isFalse();
    }

    @Test
    void notFoundIsNothingToTellAnyone() {
        model.error(new ServerMessage.Error(ErrorCode.NOT_FOUND, "no voice message with seq 5 in this room", null));
        assertThat(model.lastErrorProperty().get()).isNull();
        model.error(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", null));
        assertThat(model.lastErrorProperty().get()).isNotNull();
    }
}
