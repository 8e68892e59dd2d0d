package dev.parley.client.chat;

import dev.parley.client.net.LiveVoiceSender;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeSender;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Push-to-talk's phases and threads: checked transitions, and a release that never holds up the UI thread. */
class PushToTalkPhasesTest {
    private final FakeVoiceIo io = new FakeVoiceIo();
    private final FakeSender typingOut = new FakeSender();
    private final ChatModel model = new ChatModel();
    private final ExecutorService fx = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
    private final ExecutorService audio = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-audio"));

    /**
     * The audio thread first, letting its last hand-offs reach the FX stand-in (which stays open for them), then the FX
     * stand-in: shut down the other way round, a late hand-off was refused on a thread the next test class saw fail.
     */
    @AfterEach
    void stopThreads() throws InterruptedException {
        for (ExecutorService threads : List.of(audio, fx)) {
            threads.shutdown();
            if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        }
    }

    private PushToTalkViewModel vm(LiveVoiceSender out, PushToTalkViewModel.Threads threads) {
        model.welcome(new ServerMessage.Welcome(1, "s", "alice", "lobby", List.of("alice"), 0, Limits.DEFAULTS, "r"),
                0);
        return new PushToTalkViewModel(io, out, model, new TypingSender(typingOut), threads, new MutableClock(0),
                () -> "v-1", () -> Duration.ZERO, new Messages(Locale.ENGLISH), n -> { });
    }

    @Test
    void thePhasesFollowTheKeyAndTheMicrophoneAndATransitionFromTheWrongPhaseFailsLoudly() {
        ArrayDeque<Runnable> later = new ArrayDeque<>();
        PushToTalkViewModel ptt = vm(new FakeSender(), new PushToTalkViewModel.Threads(Runnable::run, later::add,
                (d, task) -> new CompletableFuture<Void>()));
        io.nextClip = new VoiceIo.Clip(Clips.tone(500, 440), 500);
        List<PushToTalkViewModel.Phase> seen = new ArrayList<>(List.of(ptt.phase()));
        ptt.press();
        seen.add(ptt.phase());
        ptt.release(); // before the microphone is open
        seen.add(ptt.phase());
        later.poll().run(); // it opens, and the release kept for it ends the recording
        seen.add(ptt.phase());
        assertThat(seen).containsExactly(PushToTalkViewModel.Phase.IDLE, PushToTalkViewModel.Phase.OPENING,
                PushToTalkViewModel.Phase.OPENING_RELEASED, PushToTalkViewModel.Phase.IDLE);
        assertThatThrownBy(() -> ptt.transition(PushToTalkViewModel.Phase.RECORDING,
                PushToTalkViewModel.Phase.OPENING))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("IDLE to RECORDING");
        assertThat(ptt.phase()).as("unchanged").isEqualTo(PushToTalkViewModel.Phase.IDLE);
    }

    /** A connection that takes its time with a clip handed over, as a slow one would. */
    private static final class SlowConnection implements LiveVoiceSender {
        final CountDownLatch handed = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        volatile String thread;
        volatile byte[] wav;

        @Override
        public boolean startStream(String id, int sampleRate, int channels) {
            return false;
        }

        @Override
        public boolean sendChunk(String id, long n, byte[] pcm) {
            return false;
        }

        @Override
        public void endStream(String id, byte[] clip) {
            thread = Thread.currentThread().getName();
            wav = clip;
            handed.countDown();
            try {
                letGo.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void cancelStream(String id) {
        }
    }

    private <T> T onFx(Callable<T> query) throws Exception {
        return fx.submit(query).get(10, TimeUnit.SECONDS);
    }

    /** How long a task handed to the UI thread now waits before it runs. */
    private long fxDelayMillis() throws Exception {
        long asked = System.nanoTime();
        return onFx(() -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked));
    }

    @Test
    void releasingTheLongestRecordingLeavesTheUiThreadFreeWhileItsClipIsMadeAndHandedOver() throws Exception {
        byte[] wav = Clips.tone(Limits.DEFAULTS.maxClipMillis(), 440); // 5 minutes, 9.6 MB
        io.nextClip = new VoiceIo.Clip(wav, Limits.DEFAULTS.maxClipMillis());
        SlowConnection out = new SlowConnection();
        PushToTalkViewModel ptt = onFx(() -> vm(out, new PushToTalkViewModel.Threads(fx::execute, audio,
                (d, task) -> new CompletableFuture<Void>())));
        onFx(() -> {
            ptt.press();
            return null;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> onFx(ptt::phase) == PushToTalkViewModel.Phase.RECORDING);
        onFx(() -> {
            ptt.release();
            return null;
        });
        assertThat(out.handed.await(20, TimeUnit.SECONDS)).as("the clip reached the connection").isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(fxDelayMillis()).as("the UI thread answers while the clip is handed over").isLessThan(100);
        }
        assertThat(out.thread).as("made and handed over off the UI thread").isEqualTo("test-audio");
        assertThat(onFx(() -> model.timeline().size())).as("its card was shown first").isEqualTo(1);
        out.letGo.countDown();
        assertThat(out.wav).isEqualTo(wav);
    }
}
