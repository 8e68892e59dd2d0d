package dev.parley.client.globalkey;

import dev.parley.client.ui.common.Tasks;
import dev.parley.relay.testing.ManualScheduler;
import dev.parley.relay.testing.MutableClock;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The setting drives the key: every change is applied in the background (here: a queue run by the test) and its
 * outcome shown. On a Wayland session the platform refuses, which this test can rely on without a keyboard hook.
 */
class GlobalKeySettingTest {
    private final List<Runnable> background = new ArrayList<>();
    private final Tasks tasks = new Tasks(background::add, new ManualScheduler(MutableClock.stopped()), Runnable::run);
    private final GlobalPushToTalk key = new GlobalPushToTalk(new ManualScheduler(MutableClock.stopped()), () -> { },
            () -> { }, new GlobalPushToTalk.Problems() {
                @Override
                public String wayland() {
                    return "not on Wayland";
                }

                @Override
                public String failed(String detail) {
                    return "failed: " + detail;
                }

                @Override
                public String unknownKey(String k) {
                    return "unknown key " + k;
                }
            }, Map.of("XDG_SESSION_TYPE", "wayland", "WAYLAND_DISPLAY", "wayland-0"));
    private final SimpleBooleanProperty on = new SimpleBooleanProperty(false);
    private final SimpleStringProperty keyName = new SimpleStringProperty("F8");
    private final SimpleStringProperty note = new SimpleStringProperty("old note");
    private final GlobalKeySetting setting = new GlobalKeySetting(key, tasks, on, keyName, note);

    private void runBackground() {
        List<Runnable> now = List.copyOf(background);
        background.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void eachChangeIsAppliedOffTheCallersThreadAndItsOutcomeShown() {
        setting.start();
        assertThat(note.get()).as("nothing happens on the FX thread itself").isEqualTo("old note");
        runBackground();
        assertThat(note.get()).as("off: nothing to explain").isEmpty();

        on.set(true);
        runBackground();
        assertThat(note.get()).isEqualTo("not on Wayland");

        keyName.set("NO_SUCH_KEY");
        runBackground();
        assertThat(note.get()).isEqualTo("unknown key NO_SUCH_KEY");

        on.set(false);
        runBackground();
        assertThat(note.get()).isEmpty();
        assertThat(key.isEnabled()).isFalse();
    }

    @Test
    void afterCloseChangesAreNoLongerApplied() {
        setting.start();
        runBackground();
        setting.close();
        on.set(true);
        assertThat(background).isEmpty();
        assertThat(note.get()).isEmpty();
    }
}
