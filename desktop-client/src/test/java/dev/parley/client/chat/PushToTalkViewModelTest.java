package dev.parley.client.chat;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeSender;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class PushToTalkViewModelTest {
    private final MutableClock clock = new MutableClock(0);
    private final FakeSender sender = new FakeSender();
    private final FakeVoiceIo io = new FakeVoiceIo();
    private final ChatModel model = new ChatModel();
    private final StringBuilder notice = new StringBuilder();
    private PushToTalkViewModel ptt;

    @BeforeEach
    void setUp() {
        model.welcome(new ServerMessage.Welcome(1, "s", "alice", "lobby", List.of("alice"), 0, new Limits(100, 100_000, 2000), "r"), 0);
        ptt = new PushToTalkViewModel(io, sender, model, new TypingSender(sender), Runnable::run, Runnable::run, clock, () -> "v-1",
                new Messages(Locale.ENGLISH), n -> notice.replace(0, notice.length(), n));
    }

    @Test
    void holdRecordReleaseSendsTheClipAndMarksItPending() {
        byte[] wav = Clips.tone(800, 440);
        io.nextClip = new VoiceIo.Clip(wav, 800);
        ptt.press();
        ptt.press(); // key auto-repeat
        ptt.press();
        assertThat(io.recordings).isEqualTo(1);
        assertThat(ptt.recordingProperty().get()).isTrue();
        assertThat(sender.typing).containsExactly(TypingState.RECORDING);
        clock.advance(800);
        ptt.tick();
        assertThat(ptt.elapsedMillisProperty().get()).isEqualTo(800);
        io.captureEvents.level(0.2, 0.5);
        assertThat(ptt.levelProperty().get()).isEqualTo(0.5);
        ptt.release();
        assertThat(sender.voices).singleElement().isSameAs(wav);
        assertThat(model.timeline()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(TimelineItem.Kind.VOICE);
            assertThat(i.pendingProperty().get()).isTrue();
            assertThat(i.durationMs()).isEqualTo(800);
        });
        assertThat(ptt.recordingProperty().get()).isFalse();
    }

    @Test
    void aTapIsDiscardedWithAHint() {
        io.nextClip = new VoiceIo.Clip(Clips.tone(200, 440), 200);
        ptt.press();
        ptt.release();
        assertThat(sender.voices).isEmpty();
        assertThat(sender.typing).containsExactly(TypingState.RECORDING, TypingState.IDLE);
        assertThat(notice.toString()).contains("Too short");
    }

    @Test
    void cancelThrowsTheRecordingAway() {
        ptt.press();
        ptt.cancel();
        ptt.release();
        assertThat(io.cancels).isEqualTo(1);
        assertThat(sender.voices).isEmpty();
        assertThat(sender.typing).containsExactly(TypingState.RECORDING, TypingState.IDLE);
    }

    @Test
    void autoStopAtTheLimitSendsAndAReleaseAfterwardsDoesNothing() {
        ptt.press();
        io.captureEvents.autoStopped(new VoiceIo.Clip(Clips.tone(2000, 440), 2000));
        ptt.release();
        assertThat(sender.voices).hasSize(1);
        assertThat(notice.toString()).contains("longest");
    }

    @Test
    void withoutAMicrophoneTheButtonIsOffAndSaysWhy() {
        io.input = false;
        ptt.refreshDevices();
        assertThat(ptt.availableProperty().get()).isFalse();
        ptt.press();
        assertThat(ptt.recordingProperty().get()).isFalse();
        assertThat(notice.toString()).contains("No microphone");
        assertThat(sender.typing).isEmpty();
    }

    @Test
    void theMicrophoneOpensOffTheUiThreadAndAReleaseBeforeItOpenedStillEndsTheRecording() {
        java.util.ArrayDeque<Runnable> audio = new java.util.ArrayDeque<>();
        PushToTalkViewModel slow = new PushToTalkViewModel(io, sender, model, new TypingSender(sender), Runnable::run,
                audio::add, clock, () -> "v-2", new Messages(Locale.ENGLISH), n -> notice.replace(0, notice.length(), n));
        byte[] wav = Clips.tone(900, 440);
        io.nextClip = new VoiceIo.Clip(wav, 900);
        slow.press();
        assertThat(slow.recordingProperty().get()).as("the button reacts at once").isTrue();
        assertThat(io.recordings).as("the microphone is opened by the audio executor").isZero();
        slow.press(); // auto-repeat while opening
        slow.release(); // let go before the microphone has opened
        assertThat(sender.voices).isEmpty();
        audio.poll().run(); // the microphone opens; the pending release stops it
        assertThat(io.recordings).isEqualTo(1);
        assertThat(audio).hasSize(1);
        audio.poll().run(); // stop, off the UI thread
        assertThat(sender.voices).singleElement().isSameAs(wav);
        assertThat(slow.recordingProperty().get()).isFalse();

        slow.press();
        slow.cancel(); // cancelled while opening: the capture is thrown away once it exists
        audio.poll().run();
        assertThat(audio).hasSize(1);
        audio.poll().run();
        assertThat(io.cancels).isEqualTo(1);
        assertThat(sender.voices).hasSize(1);
    }
}
