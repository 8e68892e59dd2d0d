package dev.parley.client.chat;

import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeSender;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ChatViewModelTest {
    private final MutableClock clock = new MutableClock(1_000_000);
    private final FakeSender sender = new FakeSender();
    private final ChatModel model = new ChatModel();
    private final AtomicInteger ids = new AtomicInteger();
    private ChatViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new ChatViewModel(model, sender, new Messages(Locale.ENGLISH), clock, () -> "c-" + ids.incrementAndGet(),
                "wss://relay:1");
        model.welcome(new ServerMessage.Welcome(1, "s", "alice", "lobby", List.of("alice", "bob", "carol", "dan", "eve"),
                20, new Limits(10, 1000, 1000), "r"), 0);
        model.status(new ConnectionStatus(ConnectionState.JOINED, 0, null));
    }

    @Test
    void sendTrimsAddsPendingAndClearsTheDraft() {
        vm.draftProperty().set("  hello \n");
        assertThat(vm.send()).isTrue();
        assertThat(sender.chats).containsExactly("c-1:hello");
        assertThat(model.timeline()).singleElement().satisfies(i -> {
            assertThat(i.pendingProperty().get()).isTrue();
            assertThat(i.text()).isEqualTo("hello");
        });
        assertThat(vm.draftProperty().get()).isEmpty();
        vm.draftProperty().set("   ");
        assertThat(vm.send()).isFalse();
    }

    @Test
    void textOverTheRelaysLimitIsNotSent() {
        vm.draftProperty().set("12345678901");
        assertThat(vm.send()).isFalse();
        assertThat(sender.chats).isEmpty();
        assertThat(vm.noticeProperty().get()).contains("10 characters");
    }

    @Test
    void typingIsSentRepeatedEveryThreeSecondsAndEndsAfterFiveIdleSeconds() {
        vm.draftProperty().set("h");
        vm.edited();
        vm.draftProperty().set("he");
        vm.edited();
        assertThat(sender.typing).containsExactly(TypingState.TYPING);
        clock.advance(2000);
        vm.edited();
        vm.tick();
        clock.advance(1000);
        vm.tick();
        assertThat(sender.typing).containsExactly(TypingState.TYPING, TypingState.TYPING);
        clock.advance(4000); // 5 s after the last keystroke
        vm.tick();
        assertThat(sender.typing).containsExactly(TypingState.TYPING, TypingState.TYPING, TypingState.IDLE);
    }

    @Test
    void sendingEndsTypingWithoutAnExtraIdle() {
        vm.draftProperty().set("h");
        vm.edited();
        vm.send();
        clock.advance(10_000);
        vm.tick();
        assertThat(sender.typing).containsExactly(TypingState.TYPING);
    }

    @Test
    void activityLineNamesWhoIsTypingOrRecording() {
        model.typing(new ServerMessage.Typing("bob", TypingState.TYPING), clock.millis());
        vm.tick();
        assertThat(vm.activityProperty().get()).isEqualTo("bob is typing…");
        model.typing(new ServerMessage.Typing("carol", TypingState.TYPING), clock.millis());
        vm.tick();
        assertThat(vm.activityProperty().get()).isEqualTo("bob and carol are typing…");
        model.typing(new ServerMessage.Typing("dan", TypingState.TYPING), clock.millis());
        model.typing(new ServerMessage.Typing("eve", TypingState.TYPING), clock.millis());
        vm.tick();
        assertThat(vm.activityProperty().get()).isEqualTo("bob, carol and 2 others are typing…");
        model.typing(new ServerMessage.Typing("bob", TypingState.RECORDING), clock.millis());
        vm.tick();
        assertThat(vm.activityProperty().get()).startsWith("bob is recording a voice message…");
        clock.advance(6000);
        vm.tick();
        assertThat(vm.activityProperty().get()).isEmpty();
    }

    @Test
    void statusLineCountsDownAndExplainsRefusals() {
        assertThat(vm.statusLineProperty().get()).isEqualTo("Connected to wss://relay:1 as alice");
        model.status(new ConnectionStatus(ConnectionState.RECONNECTING, clock.millis() + 4000,
                new ConnectionStatus.Reason(ConnectionStatus.Kind.RELAY_STOPPED, 1001, "bye")));
        assertThat(vm.statusLineProperty().get()).startsWith("Reconnecting in 4 s");
        clock.advance(2500);
        vm.tick();
        assertThat(vm.statusLineProperty().get()).startsWith("Reconnecting in 2 s").contains("the relay shut down");
        model.status(new ConnectionStatus(ConnectionState.DISCONNECTED, 0,
                new ConnectionStatus.Reason(ConnectionStatus.Kind.REFUSED, CloseCodes.NICK_TAKEN, "nick taken")));
        assertThat(vm.statusLineProperty().get()).isEqualTo(
                "Disconnected: someone in this room is already called “alice”. Choose another name.");
    }

    @Test
    void scrollingToTheTopAsksForThePageBeforeTheOldestOnce() {
        model.stored(new ServerMessage.Chat(51, "x", "bob", "t", 1, true), null);
        vm.scrolledToTop();
        vm.scrolledToTop();
        assertThat(sender.history).hasSize(1);
        assertThat(sender.history.get(0)).containsExactly(51, 50);
        model.historyEnd(new ServerMessage.HistoryEnd(51, 50));
        model.stored(new ServerMessage.Chat(1, "y", "bob", "t", 1, true), null);
        vm.scrolledToTop();
        assertThat(sender.history).as("seq 1 is the very first message").hasSize(1);
    }

    @Test
    void hintsGoAfterAFewSecondsAndANewOneLivesItsOwnTime() {
        vm.setNotice("Recording cancelled.");
        clock.advance(ChatViewModel.NOTICE_MILLIS - 1000);
        vm.tick();
        assertThat(vm.noticeProperty().get()).isEqualTo("Recording cancelled.");
        vm.setNotice("Too short: hold the button (or key) while you speak.");
        clock.advance(2000);
        vm.tick();
        assertThat(vm.noticeProperty().get()).as("replaced, so timed afresh").startsWith("Too short");
        clock.advance(ChatViewModel.NOTICE_MILLIS);
        vm.tick();
        assertThat(vm.noticeProperty().get()).isEmpty();
    }
    @Test
    void aRefusedMessageIsSentAgainUnderItsIdOrDismissed() {
        vm.draftProperty().set("hello");
        vm.send();
        TimelineItem mine = model.timeline().get(0);
        model.error(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "odd", mine.id()));
        vm.resend(mine);
        assertThat(sender.chats).containsExactly("c-1:hello", "c-1:hello");
        assertThat(mine.pendingProperty().get()).isTrue();
        vm.resend(mine);
        assertThat(sender.chats).as("on its way: not sent twice").hasSize(2);

        model.error(new ServerMessage.Error(ErrorCode.TOO_LARGE, "too long", mine.id()));
        vm.resend(mine);
        assertThat(sender.chats).as("it would be refused again").hasSize(2);
        vm.dismiss(mine);
        assertThat(model.timeline()).isEmpty();
    }

    @Test
    void aRefusedVoiceMessageIsSentAgainWithItsClip() {
        byte[] wav = Clips.tone(300, 440);
        TimelineItem clip = TimelineItem.voice(0, "v-1", "alice", true, clock.millis(), ClipData.inMemory(wav), 300, true);
        model.addPending(clip);
        model.error(new ServerMessage.Error(ErrorCode.BAD_FRAME, "odd header", "v-1"));
        vm.resend(clip);
        assertThat(sender.voiceIds).containsExactly("v-1");
        assertThat(sender.voices.get(0)).isSameAs(wav);
    }

    @Test
    void theClockOfTheLastTickMovesTheDayOnAtLocalMidnight() {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        long beforeMidnight = ZonedDateTime.of(2026, 12, 7, 23, 59, 59, 0, zone).toInstant().toEpochMilli();
        clock.advance(beforeMidnight - clock.millis());
        Stamps stamps = new Stamps(clock, zone, new Messages(Locale.UK));
        vm.nowProperty().addListener((o, was, now) -> stamps.refresh()); // as the chat view wires it
        long message = beforeMidnight - 60_000;
        assertThat(stamps.day(message)).isEqualTo("Today");
        assertThat(stamps.time(message)).isEqualTo("23:58");
        List<LocalDate> days = new ArrayList<>();
        stamps.todayProperty().addListener((o, a, b) -> days.add(b));

        clock.advance(500);
        vm.tick();
        assertThat(days).as("still the same day").isEmpty();
        clock.advance(500);
        vm.tick();
        assertThat(days).containsExactly(LocalDate.of(2026, 12, 8));
        assertThat(stamps.day(message)).isEqualTo("Yesterday");
        assertThat(stamps.time(message)).contains("7 Dec 2026").contains("23:58");
    }
}
