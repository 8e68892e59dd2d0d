package dev.parley.client.globalkey;

import com.github.kwhat.jnativehook.keyboard.NativeKeyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The system-wide push-to-talk key: one press and one release per hold, whatever auto-repeat does. */
class GlobalPushToTalkTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final HeldKey key = new HeldKey(NativeKeyEvent.VC_F8, scheduler, () -> calls.add("press"),
            () -> calls.add("release"));

    private final GlobalPushToTalk.Problems problems = new GlobalPushToTalk.Problems() {
        @Override
        public String wayland() {
            return "wayland";
        }

        @Override
        public String failed(String detail) {
            return "failed: " + detail;
        }

        @Override
        public String unknownKey(String k) {
            return "unknown " + k;
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aHoldIsOnePressAndOneRelease() {
        key.pressed(NativeKeyEvent.VC_F8);
        key.released(NativeKeyEvent.VC_F8);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("press", "release");
    }

    @Test
    void repeatedPressesOfAHeldKeyDoNotRestartIt() {
        for (int i = 0; i < 20; i++) {
            key.pressed(NativeKeyEvent.VC_F8);
        }
        key.released(NativeKeyEvent.VC_F8);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("press", "release");
    }

    @Test
    void autoRepeatAsReleasePressPairsDoesNotSplitTheRecording() {
        key.pressed(NativeKeyEvent.VC_F8);
        for (int i = 0; i < 20; i++) { // X11 without detectable auto-repeat: release and press at once
            key.released(NativeKeyEvent.VC_F8);
            key.pressed(NativeKeyEvent.VC_F8);
        }
        assertThat(calls).containsExactly("press");
        key.released(NativeKeyEvent.VC_F8);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 2);
        assertThat(calls).containsExactly("press", "release");
    }

    @Test
    void twoHoldsAreTwoRecordings() {
        key.pressed(NativeKeyEvent.VC_F8);
        key.released(NativeKeyEvent.VC_F8);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 2);
        key.pressed(NativeKeyEvent.VC_F8);
        key.released(NativeKeyEvent.VC_F8);
        await().atMost(Duration.ofSeconds(2)).until(() -> calls.size() == 4);
        assertThat(calls).containsExactly("press", "release", "press", "release");
    }

    @Test
    void otherKeysAreIgnoredAndChangingTheKeyEndsAHold() {
        key.pressed(NativeKeyEvent.VC_A);
        key.released(NativeKeyEvent.VC_A);
        assertThat(calls).isEmpty();
        key.pressed(NativeKeyEvent.VC_F8);
        key.watch(NativeKeyEvent.VC_F9);
        assertThat(calls).containsExactly("press", "release");
        key.pressed(NativeKeyEvent.VC_F9);
        assertThat(calls).containsExactly("press", "release", "press");
    }

    @Test
    void javaFxKeyNamesMapToNativeCodes() {
        assertThat(GlobalPushToTalk.nativeCode("F8")).isEqualTo(NativeKeyEvent.VC_F8);
        assertThat(GlobalPushToTalk.nativeCode("DIGIT1")).isEqualTo(NativeKeyEvent.VC_1);
        assertThat(GlobalPushToTalk.nativeCode("A")).isEqualTo(NativeKeyEvent.VC_A);
        assertThat(GlobalPushToTalk.nativeCode("SPACE")).isEqualTo(NativeKeyEvent.VC_SPACE);
        assertThat(GlobalPushToTalk.nativeCode("SCROLL_LOCK")).isEqualTo(NativeKeyEvent.VC_SCROLL_LOCK);
        assertThat(GlobalPushToTalk.nativeCode("WINDOWS")).isEqualTo(NativeKeyEvent.VC_META);
        assertThat(GlobalPushToTalk.nativeCode("NO_SUCH_KEY")).isEqualTo(-1);
        assertThat(GlobalPushToTalk.nativeCode("")).isEqualTo(-1);
    }

    @Test
    void waylandAndUnknownKeysAreExplainedAndNothingIsHooked() {
        GlobalPushToTalk onWayland = new GlobalPushToTalk(scheduler, () -> { }, () -> { }, problems,
                Map.of("XDG_SESSION_TYPE", "wayland", "WAYLAND_DISPLAY", "wayland-0"));
        assertThat(onWayland.enable("F8")).contains("wayland");
        assertThat(onWayland.isEnabled()).isFalse();
        assertThat(onWayland.enable("NO_SUCH_KEY")).contains("unknown NO_SUCH_KEY");
    }

    @Test
    void withoutADisplayTheHookFailsWithAReasonAndNoException() {
        GlobalPushToTalk headless = new GlobalPushToTalk(scheduler, () -> { }, () -> { }, problems, Map.of());
        Optional<String> problem = headless.enable("F8"); // an environment with no DISPLAY
        assertThat(problem).contains("failed: no X11 display");
        assertThat(headless.isEnabled()).isFalse();
        headless.disable();
        assertThat(headless.isEnabled()).isFalse();
    }
}
