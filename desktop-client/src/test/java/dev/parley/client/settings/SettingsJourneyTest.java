package dev.parley.client.settings;

import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.TestRelay;
import javafx.application.Application;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Settings: microphone test level, theme, push-to-talk key and auto-play, saved and applied. */
class SettingsJourneyTest {
    @TempDir
    Path dir;

    @Test
    void changesAreSavedAndApplied() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        Path settingsDir = dir.resolve("s");
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), settingsDir), s -> io)) {
            app.awaitJoined();
            app.robot.clickOn("#settingsButton");
            app.awaitNode("#micTestButton");

            app.robot.clickOn("#micTestButton");
            await().atMost(AppHarness.WAIT).until(() -> io.captureEvents != null);
            io.captureEvents.level(0.3, 0.7);
            await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() ->
                    ((ProgressBar) app.node("#micTestLevel")).getProgress()) == 0.7);

            app.robot.clickOn("#pttKeyButton").type(KeyCode.F9);
            assertThat(app.text("#pttKeyButton")).isEqualTo("F9");
            @SuppressWarnings("unchecked")
            ChoiceBox<Theme> theme = (ChoiceBox<Theme>) app.robot.lookup(".choice-box").queryAll().iterator().next();
            AppHarness.onFx(() -> theme.setValue(Theme.DARK));
            app.robot.clickOn("OK");

            await().atMost(AppHarness.WAIT).until(() -> Files.readString(settingsDir.resolve("settings.properties")).contains("theme=DARK"));
            assertThat(Files.readString(settingsDir.resolve("settings.properties"))).contains("pushToTalkKey=F9");
            assertThat(AppHarness.fx(Application::getUserAgentStylesheet)).containsIgnoringCase("dark");
            assertThat(io.cancels).as("closing settings stops the microphone test").isEqualTo(1);

            // the new key works; the old one no longer does
            app.robot.clickOn("#composer");
            app.robot.press(KeyCode.F8).release(KeyCode.F8);
            assertThat(io.recordings).isEqualTo(1);
            app.robot.press(KeyCode.F9);
            await().atMost(AppHarness.WAIT).until(() -> io.recordings == 2);
            app.robot.release(KeyCode.F9);

            app.robot.clickOn("#autoPlayToggle");
            await().atMost(AppHarness.WAIT).until(() -> Files.readString(settingsDir.resolve("settings.properties")).contains("autoPlay=true"));
        }
    }

    @Test
    void theDeviceListsShowRecognisableNamesOnceAndSayWhyOnlyTheDefaultMayBeThere() throws Exception {
        FakeVoiceIo io = new FakeVoiceIo();
        io.devicesNote = "With PulseAudio, only the default device.";
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")), s -> io)) {
            app.awaitJoined();
            app.robot.clickOn("#settingsButton");
            app.awaitNode("#deviceHint");

            assertThat(app.text("#deviceHint")).isEqualTo("With PulseAudio, only the default device.");
            @SuppressWarnings("unchecked")
            ComboBox<String> input = (ComboBox<String>) app.node("#inputDevice");
            // the list shows what the converter makes of each device, once each
            assertThat(AppHarness.fx(() -> input.getItems().stream().map(input.getConverter()::toString).toList()))
                    .containsExactly("System default", "Microphone A (USB)");
            app.robot.clickOn(input);
            app.robot.clickOn("Microphone A (USB)");
            assertThat(AppHarness.fx(input::getValue)).isEqualTo("Mic A");
            assertThat(AppHarness.fx(() -> ((javafx.scene.control.Labeled) input.lookup(".list-cell")).getText()))
                    .as("the chosen device, as shown").isEqualTo("Microphone A (USB)");
            app.robot.clickOn("Cancel");
        }
    }
}
