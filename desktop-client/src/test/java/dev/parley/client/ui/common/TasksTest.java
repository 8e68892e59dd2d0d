package dev.parley.client.ui.common;

import dev.parley.relay.testing.ManualScheduler;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Work and waiting happen off the UI thread; only the outcome crosses, through the door. */
class TasksTest {
    private final List<Runnable> background = new ArrayList<>();
    private final List<Runnable> ui = new ArrayList<>();
    private final ManualScheduler timer = new ManualScheduler(MutableClock.stopped());
    private final Tasks tasks = new Tasks(background::add, timer, ui::add);
    private final List<String> seen = new ArrayList<>();

    private static void runAll(List<Runnable> queue) {
        List<Runnable> now = List.copyOf(queue);
        queue.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void workRunsInTheBackgroundAndItsResultOrFailureIsHandedToTheUi() {
        tasks.run(() -> "done", seen::add, e -> seen.add("failed"));
        tasks.run(() -> {
            throw new IOException("disk");
        }, r -> seen.add("unexpected"), e -> seen.add("failed: " + e.getMessage()));
        assertThat(ui).isEmpty();
        runAll(background);
        assertThat(seen).as("not before the UI thread runs it").isEmpty();
        runAll(ui);
        assertThat(seen).containsExactly("done", "failed: disk");
    }

    @Test
    void laterWaitsOnTheTimerThenRunsOnTheUi() {
        tasks.later(5000, () -> seen.add("later"));
        timer.advance(Duration.ofMillis(4999));
        assertThat(ui).isEmpty();
        timer.advance(Duration.ofMillis(1));
        assertThat(seen).isEmpty();
        runAll(ui);
        assertThat(seen).containsExactly("later");
    }
}
