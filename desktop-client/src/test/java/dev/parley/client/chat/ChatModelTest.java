package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.testing.Clips;
import dev.parley.protocol.AbortReason;
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
    void anErrorAboutAPendingMessageMarksItRefusedWithTheRelaysReason() {
        model.addPending(TimelineItem.voice(0, "v-1", "alice", true, 5, ClipData.inMemory(new byte[44]), 100, true));
        model.error(new ServerMessage.Error(ErrorCode.BAD_AUDIO, "clip is not PCM", "v-1"));
        TimelineItem refused = model.timeline().get(0);
        assertThat(refused.failureProperty().get().message()).isEqualTo("clip is not PCM");
        assertThat(refused.pendingProperty().get()).isFalse();
        assertThat(refused.undelivered()).isTrue();
        assertThat(refused.resendable()).as("the same audio would be refused again").isFalse();
        assertThat(model.lastErrorProperty().get()).as("its card says why: not the notice line too").isNull();

        model.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "typing state \"x\" is unknown", null));
        assertThat(model.lastErrorProperty().get().code()).as("about no message on the timeline")
                .isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void aRateLimitIsNotARefusal() {
        model.addPending(TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true));
        model.error(new ServerMessage.Error(ErrorCode.RATE_LIMITED, "slow down", "c-1"));
        TimelineItem mine = model.timeline().get(0);
        assertThat(mine.failureProperty().get()).as("the connection sends it again by itself").isNull();
        assertThat(mine.pendingProperty().get()).isTrue();
    }

    @Test
    void aRefusedMessageWhoseEchoComesAfterAllBecomesStoredInItsPlace() {
        model.stored(chat(4, "b4", "bob", false), null);
        model.addPending(TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true));
        model.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "chunk 3 arrived where 2 was due", "c-1"));
        model.stored(new ServerMessage.Chat(5, "c-1", "alice", "hi", 2000, false), null);
        assertThat(model.timeline()).extracting(TimelineItem::id).as("one card, not a failed one and a stored one")
                .containsExactly("b4", "c-1");
        TimelineItem mine = model.timeline().get(1);
        assertThat(mine.failureProperty().get()).isNull();
        assertThat(mine.seq()).isEqualTo(5);
    }

    @Test
    void aMessageRefusedForAReasonThatCouldPassCanBeSentAgainUntilItsEcho() {
        TimelineItem text = TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true);
        model.addPending(text);
        assertThat(model.resending(text)).as("not refused").isFalse();
        model.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "odd", "c-1"));
        assertThat(text.resendable()).isTrue();

        assertThat(model.resending(text)).isTrue();
        assertThat(text.failureProperty().get()).isNull();
        assertThat(text.pendingProperty().get()).isTrue();
        model.stored(new ServerMessage.Chat(11, "c-1", "alice", "hi", 2000, false), null);
        assertThat(model.timeline()).singleElement().isSameAs(text);
        assertThat(text.pendingProperty().get()).isFalse();
        assertThat(model.resending(text)).as("stored now").isFalse();
    }

    @Test
    void aMessageTooLargeForTheRelayIsNotSentAgain() {
        TimelineItem text = TimelineItem.text(0, "c-1", "alice", true, 5, "long", true);
        model.addPending(text);
        model.error(new ServerMessage.Error(ErrorCode.TOO_LARGE, "over 4000 characters", "c-1"));
        assertThat(text.resendable()).isFalse();
        assertThat(model.resending(text)).isFalse();
        assertThat(text.failureProperty().get()).isNotNull();
    }

    @Test
    void onlyMessagesThatDidNotGetThroughCanBeDismissed() {
        TimelineItem sending = TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true);
        TimelineItem refused = TimelineItem.text(0, "c-2", "alice", true, 6, "hey", true);
        model.addPending(sending);
        model.addPending(refused);
        model.stored(chat(4, "b4", "bob", false), null);
        model.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "odd", "c-2"));
        model.liveOpened(LIVE, false, 100);
        TimelineItem running = model.liveItem(LIVE);

        assertThat(model.dismiss(sending)).as("still on its way").isFalse();
        assertThat(model.dismiss(model.timeline().get(0))).as("stored").isFalse();
        assertThat(model.dismiss(running)).as("still being spoken").isFalse();
        assertThat(model.dismiss(refused)).isTrue();
        assertThat(model.timeline()).extracting(TimelineItem::id).containsExactly("b4", "c-1", "v-9");

        model.liveAborted(LIVE, AbortReason.DUPLICATE);
        assertThat(running.undelivered()).isTrue();
        assertThat(running.resendable()).as("not this person's to send").isFalse();
        assertThat(model.dismiss(running)).isTrue();
        assertThat(model.timeline()).extracting(TimelineItem::id).containsExactly("b4", "c-1");
        assertThat(model.liveItem(LIVE)).isNull();
        model.stored(storedLive(12), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(model.timeline()).extracting(TimelineItem::id)
                .as("a resend still arrives, as a new message, before the own one still on its way")
                .containsExactly("b4", "v-9", "c-1");
    }

    @Test
    void theOldestMessageIsTheFirstStoredOneNeverAPendingOne() {
        model.addPending(TimelineItem.text(0, "c-1", "alice", true, 5, "hi", true));
        assertThat(model.oldestSeq()).isZero();
        model.stored(chat(8, "b8", "bob", true), null);
        model.stored(chat(6, "b6", "bob", true), null);
        assertThat(model.oldestSeq()).isEqualTo(6);
    }

    @Test
    void historyEndWithNothingMoreStopsPaging() {
        model.stored(chat(3, "b3", "bob", true), null);
        model.historyRequested();
        model.historyEnd(new ServerMessage.HistoryEnd(3, 0));
        assertThat(model.historyLoadingProperty().get()).isFalse();
        assertThat(model.historyExhaustedProperty().get()).isTrue();
    }

    private static final LiveKey LIVE = new LiveKey("bob", "v-9");

    private static ServerMessage.Voice storedLive(long seq) {
        return new ServerMessage.Voice(seq, "v-9", "bob", 5000, 1200, 16000, 1, 38444, false);
    }

    @Test
    void aLiveMessageGrowsOnItsCardAndItsStoredMessageTakesItsPlaceAsHeard() {
        List<TimelineItem> arrived = new ArrayList<>();
        model.onArrival(arrived::add);
        model.liveOpened(LIVE, true, 100);
        TimelineItem card = model.timeline().get(model.timeline().size() - 1);
        assertThat(card.live()).isNotNull();
        assertThat(card.live().heardProperty().get()).isTrue();
        for (int i = 1; i <= 10; i++) {
            model.liveAudio(LIVE, i / 10f, i * 20L);
        }
        assertThat(card.durationMs()).isEqualTo(200);
        float[] bars = card.live().bars(ClipData.PEAKS);
        assertThat(bars[0]).as("200 ms fill the first 250 ms bar").isEqualTo(1f);
        assertThat(bars[1]).isZero();

        model.stored(storedLive(11), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(model.timeline()).doesNotContain(card);
        TimelineItem stored = model.timeline().stream().filter(i -> i.id().equals("v-9")).findFirst().orElseThrow();
        assertThat(stored.live()).isNull();
        assertThat(stored.seq()).isEqualTo(11);
        assertThat(stored.playedProperty().get()).as("heard as it was spoken").isTrue();
        assertThat(arrived).containsExactly(stored);
        assertThat(model.timeline().stream().filter(i -> i.id().equals("v-9"))).hasSize(1);
    }

    @Test
    void aLiveMessageNobodyListenedToBecomesAnUnplayedClip() {
        model.liveOpened(LIVE, false, 100);
        model.liveAudio(LIVE, 0.5f, 20);
        model.stored(storedLive(11), ClipData.inMemory(Clips.tone(1200, 440)));
        TimelineItem stored = model.timeline().stream().filter(i -> i.id().equals("v-9")).findFirst().orElseThrow();
        assertThat(stored.playedProperty().get()).isFalse();
    }

    @Test
    void aCancelledLiveMessageLeavesNoCardAndAnInterruptedOneWaitsForItsResend() {
        model.liveOpened(LIVE, true, 100);
        model.liveAborted(LIVE, AbortReason.CANCELLED);
        assertThat(model.timeline()).noneMatch(i -> i.id().equals("v-9"));

        model.liveOpened(LIVE, true, 100);
        model.liveAudio(LIVE, 0.5f, 20);
        model.liveAborted(LIVE, AbortReason.INTERRUPTED);
        TimelineItem card = model.liveItem(LIVE);
        assertThat(card.live().stoppedProperty().get()).isEqualTo(AbortReason.INTERRUPTED);
        assertThat(card.playedProperty().get()).isFalse();
        model.liveAudio(LIVE, 0.9f, 40); // nothing more shows on an interrupted card
        assertThat(card.durationMs()).isEqualTo(20);

        model.stored(storedLive(12), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(model.timeline()).doesNotContain(card);
        TimelineItem resent = model.timeline().stream().filter(i -> i.id().equals("v-9")).findFirst().orElseThrow();
        assertThat(resent.playedProperty().get()).as("only part of it was heard").isFalse();
    }

    @Test
    void aLiveMessageStoppedHereBeforeItsEndBecomesAnUnplayedClip() {
        model.liveOpened(LIVE, true, 100); // walkie-talkie mode: going to the speaker, or waiting behind another
        model.liveAudio(LIVE, 0.5f, 20);
        model.liveStopped(LIVE); // the person played a clip by hand, pressed stop, or the speaker failed
        TimelineItem card = model.liveItem(LIVE);
        assertThat(card.live().heardProperty().get()).isFalse();
        assertThat(card.playingProperty().get()).isFalse();
        model.stored(storedLive(11), ClipData.inMemory(Clips.tone(1200, 440)));
        TimelineItem stored = model.timeline().stream().filter(i -> i.id().equals("v-9")).findFirst().orElseThrow();
        assertThat(stored.playedProperty().get()).as("not heard to its end").isFalse();
    }
}
