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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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
        ptt = vm(Runnable::run, () -> "v-1");
    }

    /** Delays run when the test says ({@link #runDelayed}); with a zero release tail none are asked for. */
    private final List<Runnable> delayed = new ArrayList<>();
    private long tailMillis;

    private PushToTalkViewModel vm(Executor audio, Supplier<String> ids) {
        return new PushToTalkViewModel(io, sender, model, new TypingSender(sender),
                new PushToTalkViewModel.Threads(Runnable::run, audio, (d, task) -> {
                    delayed.add(task);
                    return new CompletableFuture<Void>();
                }), clock, ids, () -> Duration.ofMillis(tailMillis), new Messages(Locale.ENGLISH),
                n -> notice.replace(0, notice.length(), n));
    }

    private void runDelayed() {
        List<Runnable> now = new ArrayList<>(delayed);
        delayed.clear();
        now.forEach(Runnable::run);
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
        assertThat(sender.voices).singleElement().isEqualTo(wav);
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
        io.autoStop(new VoiceIo.Clip(Clips.tone(2000, 440), 2000));
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
        ArrayDeque<Runnable> audio = new ArrayDeque<>();
        PushToTalkViewModel slow = vm(audio::add, () -> "v-2");
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
        assertThat(sender.voices).singleElement().isEqualTo(wav);
        assertThat(slow.recordingProperty().get()).isFalse();

        slow.press();
        slow.cancel(); // cancelled while opening: the capture is thrown away once it exists
        audio.poll().run();
        assertThat(audio).hasSize(1);
        audio.poll().run();
        assertThat(io.cancels).isEqualTo(1);
        assertThat(sender.voices).hasSize(1);
    }

    @Test
    void onALiveRelayTheAudioGoesOutInChunksWhileHeldAndTheWholeClipEndsTheStreamUnderTheSameId() {
        sender.offersLive = true;
        byte[] wav = Clips.tone(800, 440);
        ptt.press();
        assertThat(sender.live).containsExactly("start v-1");
        io.feed(new VoiceIo.Clip(wav, 800)); // 800 ms captured while the key is held
        assertThat(sender.live).hasSize(1 + 40).allMatch(c -> c.equals("start v-1") || c.matches("chunk v-1 \\d+ 640"));
        assertThat(sender.voices).as("nothing stored before release").isEmpty();
        ptt.release();
        assertThat(sender.live).last().isEqualTo("end v-1");
        assertThat(sender.voiceIds).containsExactly("v-1");
        assertThat(sender.voices).singleElement().isEqualTo(wav);
        assertThat(model.timeline()).singleElement().satisfies(i -> assertThat(i.id()).isEqualTo("v-1"));
    }

    @Test
    void theReleaseTailKeepsTheMicrophoneOpenSoTheLastWordIsKept() {
        tailMillis = 200;
        byte[] held = Clips.tone(800, 440);
        ptt.press();
        io.feed(new VoiceIo.Clip(held, 800));
        ptt.release();
        assertThat(ptt.recordingProperty().get()).as("the button is let go at once").isFalse();
        assertThat(io.cancels).isZero();
        assertThat(sender.voices).as("still listening for the tail").isEmpty();
        assertThat(delayed).hasSize(1);
        byte[] tail = Clips.tone(200, 300);
        io.captureEvents.captured(tail, 44, tail.length - 44); // the last word, after the key went up
        runDelayed();
        assertThat(sender.voices).singleElement().satisfies(wav -> {
            assertThat(wav.length).isEqualTo(held.length + tail.length - 44);
            assertThat(Arrays.copyOfRange(wav, held.length, wav.length))
                    .isEqualTo(Arrays.copyOfRange(tail, 44, tail.length));
        });
        assertThat(model.timeline()).singleElement().satisfies(i -> assertThat(i.durationMs()).isEqualTo(1000));
    }

    @Test
    void pressingAgainDuringTheTailSendsTheFirstClipAndStartsTheNextAtOnce() {
        tailMillis = 1000;
        AtomicInteger n = new AtomicInteger();
        ptt = vm(Runnable::run, () -> "v-" + n.incrementAndGet());
        ptt.press();
        io.feed(new VoiceIo.Clip(Clips.tone(600, 440), 600));
        ptt.release();
        ptt.press();
        assertThat(sender.voiceIds).containsExactly("v-1");
        assertThat(io.recordings).isEqualTo(2);
        assertThat(ptt.recordingProperty().get()).isTrue();
        runDelayed(); // the first tail's timer comes late: nothing more happens
        assertThat(sender.voiceIds).containsExactly("v-1");
    }

    @Test
    void aTapWhileStreamingCancelsTheStreamAndStoresNothing() {
        sender.offersLive = true;
        ptt.press();
        io.feed(new VoiceIo.Clip(Clips.tone(200, 440), 200));
        ptt.release();
        assertThat(sender.live).first().isEqualTo("start v-1");
        assertThat(sender.live).last().isEqualTo("cancel v-1");
        assertThat(sender.voices).isEmpty();
        assertThat(notice.toString()).contains("Too short");
    }

    @Test
    void leavingTheRoomDuringTheReleaseTailHandsTheRecordingOverBeforeCloseReturns() {
        tailMillis = 200;
        ArrayDeque<Runnable> audio = new ArrayDeque<>();
        PushToTalkViewModel slow = vm(audio::add, () -> "v-3");
        byte[] wav = Clips.tone(800, 440);
        slow.press();
        audio.poll().run(); // the microphone opens
        io.feed(new VoiceIo.Clip(wav, 800));
        slow.release(); // the tail runs
        slow.close(); // the session closes the connection right after this returns
        assertThat(sender.voiceIds).as("handed to the connection while it is still open").containsExactly("v-3");
        assertThat(sender.voices).singleElement().isEqualTo(wav);
        while (!audio.isEmpty()) {
            audio.poll().run(); // the microphone is stopped off the UI thread
        }
        runDelayed(); // the tail's timer comes late
        assertThat(sender.voiceIds).as("once").containsExactly("v-3");
        assertThat(model.timeline()).singleElement().satisfies(i -> assertThat(i.pendingProperty().get()).isTrue());
    }

    @Test
    void aRecordingCancelledWhileTheMicrophoneOpensLeavesNoLiveStreamOpen() {
        sender.offersLive = true;
        ArrayDeque<Runnable> audio = new ArrayDeque<>();
        PushToTalkViewModel slow = vm(audio::add, () -> "v-4");
        slow.press();
        slow.cancel(); // before the audio executor got to open the stream and the microphone
        while (!audio.isEmpty()) {
            audio.poll().run();
        }
        assertThat(sender.live).as("a voice-start with no end would keep the connection's one stream taken")
                .noneMatch(e -> e.startsWith("start"));
        assertThat(sender.voices).isEmpty();
    }
}
