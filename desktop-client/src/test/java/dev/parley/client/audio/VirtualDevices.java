package dev.parley.client.audio;

import dev.parley.client.live.LivePlayer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Puts both virtual devices back to their defaults before each test, and after it checks that no recorder, player
 * or live player thread is left running and no line left open. Use with {@code @ExtendWith(VirtualDevices.class)}.
 */
public final class VirtualDevices implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            await("audio threads end and lines close").atMost(Duration.ofSeconds(5)).until(() ->
                    !audioThreadAlive() && VirtualMicrophone.openLines() == 0 && VirtualSpeaker.openLines() == 0);
        } finally {
            reset();
        }
    }

    static void reset() {
        VirtualMicrophone.reset();
        VirtualSpeaker.reset();
    }

    static boolean audioThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && (t.getName().equals(Recorder.THREAD_NAME) || t.getName().equals(Player.THREAD_NAME)
                || t.getName().equals(LivePlayer.THREAD_NAME)));
    }

    /** Skips the test where a real sound device would stand in for a virtual one taken away. */
    static void assumeNoRealDevices() {
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            assumeTrue(info instanceof VirtualMixer.VirtualInfo, "a real sound device is present: " + info.getName());
        }
    }
}
