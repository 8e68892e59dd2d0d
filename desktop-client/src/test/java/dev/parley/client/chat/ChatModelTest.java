package dev.parley.client.chat;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChatModelTest {
    private final ChatModel model = new ChatModel();
    private final List<TimelineItem> arrivals = new ArrayList<>();

    @BeforeEach
    void join() {
        model.onArrival(arrivals::add);
        model.welcome(new ServerMessage.Welcome(1, "s", "alice", "lobby", List.of("bob", "alice"), 10, Limits.DEFAULTS, "r"), 0);
    }

    private static ServerMessage.Chat chat(long seq, String id, String from, boolean replay) {
        return new ServerMessage.Chat(seq, id, from, "text " + seq, 1000 + seq, replay);
    }

    @Test
    void placesMessagesBySeqAndIgnoresDuplicates() {
        model.stored(chat(5, "b5", "bob", false), null);
        model.stored(chat(3, "b3", "bob", true), null);
        model.stored(chat(5, "b5", "bob", false), null);
        model.stored(chat(7, "b7", "bob", false), null);
        assertThat(model.timeline()).extracting(TimelineItem::seq).containsExactly(3L, 5L, 7L);
        assertThat(model.oldestSeq()).isEqualTo(3);
        assertThat(arrivals).extracting(TimelineItem::seq).as("replays are not announced").containsExactly(5L, 7L);
    }

    @Test
    void ownMessageIsPendingUntilItsEchoThenTakesItsPlace() {
        model.stored(chat(4, "b4", "bob", false), null);
        model.addPending(TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true));
        model.stored(chat(6, "b6", "bob", false), null);
        assertThat(model.timeline()).extracting(TimelineItem::id).containsExactly("b4", "b6", "c-1");
        TimelineItem mine = model.timeline().get(2);
        assertThat(mine.pendingProperty().get()).isTrue();

        model.stored(new ServerMessage.Chat(5, "c-1", "Alice", "hi", 2000, false), null);
        assertThat(model.timeline()).extracting(TimelineItem::id).containsExactly("b4", "c-1", "b6");
        assertThat(mine.pendingProperty().get()).isFalse();
        assertThat(mine.seq()).isEqualTo(5);
        assertThat(mine.tsProperty().get()).isEqualTo(2000);
        assertThat(arrivals).extracting(TimelineItem::id).doesNotContain("c-1");
    }

    @Test
    void typingStatesExpireAfterSixSecondsWithoutRepeat() {
        model.typing(new ServerMessage.Typing("bob", TypingState.TYPING), 1000);
        assertThat(model.doing(TypingState.TYPING)).containsExactly("bob");
        model.expireTyping(6999);
        assertThat(model.doing(TypingState.TYPING)).containsExactly("bob");
        model.typing(new ServerMessage.Typing("bob", TypingState.RECORDING), 6000);
        model.expireTyping(11999);
        assertThat(model.doing(TypingState.RECORDING)).containsExactly("bob");
        model.expireTyping(12000);
        assertThat(model.doing(TypingState.RECORDING)).isEmpty();
    }

    @Test
    void aTypingStateThatOvertookAStoredMessageSurvivesIt() {
        model.typing(new ServerMessage.Typing("bob", TypingState.TYPING), 1000);
        model.stored(chat(11, "b", "bob", false), null);
        assertThat(model.doing(TypingState.TYPING)).containsExactly("bob");
    }

    @Test
    void presenceReplacesMembersKeepingMeFirst() {
        model.presence(new ServerMessage.Presence(ServerMessage.Presence.Event.JOIN, "carol", List.of("bob", "carol", "alice")));
        assertThat(model.members()).extracting(Member::nick).containsExactly("alice", "bob", "carol");
        assertThat(model.members().get(0).me()).isTrue();
        model.typing(new ServerMessage.Typing("carol", TypingState.TYPING), 0);
        model.presence(new ServerMessage.Presence(ServerMessage.Presence.Event.LEAVE, "carol", List.of("bob", "alice")));
        assertThat(model.doing(TypingState.TYPING)).isEmpty();
    }

    @Test
    void anErrorAboutAPendingMessageMarksItFailed() {
        model.addPending(TimelineItem.voice(0, "v-1", "alice", true, 5, ClipData.inMemory(new byte[44]), 100, true));
        model.error(new ServerMessage.Error(ErrorCode.BAD_AUDIO, "clip is not PCM", "v-1"));
        assertThat(model.timeline().get(0).failureProperty().get()).isEqualTo("clip is not PCM");
        assertThat(model.lastErrorProperty().get().code()).isEqualTo(ErrorCode.BAD_AUDIO);
    }

    @Test
    void historyEndWithNothingMoreStopsPaging() {
        model.stored(chat(3, "b3", "bob", true), null);
        model.historyRequested();
        model.historyEnd(new ServerMessage.HistoryEnd(3, 0));
        assertThat(model.historyLoadingProperty().get()).isFalse();
        assertThat(model.historyExhaustedProperty().get()).isTrue();
    }
}
