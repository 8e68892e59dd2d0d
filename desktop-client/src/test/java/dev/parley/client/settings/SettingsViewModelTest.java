package dev.parley.client.settings;

import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.ui.common.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class SettingsViewModelTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private final FakeVoiceIo io = new FakeVoiceIo();

    @Test
    void applySavesEveryChoiceAndTheyComeBackOnLoad() {
        Settings settings = Settings.load(dir);
        SettingsViewModel vm = new SettingsViewModel(settings, io, Runnable::run, new Messages(Locale.ENGLISH));
        assertThat(vm.inputs()).containsExactly("", "Mic A");
        vm.inputProperty().set("Mic A");
        vm.outputProperty().set("Speaker A");
        vm.autoPlayProperty().set(true);
        vm.pushToTalkKeyProperty().set("F9");
        vm.themeProperty().set(Theme.DARK);
        vm.languageProperty().set("zh-CN");
        vm.apply();
        assertThat(settings.awaitSaved(WAIT)).isTrue();

        Settings again = Settings.load(dir);
        assertThat(again.inputDeviceProperty().get()).isEqualTo("Mic A");
        assertThat(again.outputDeviceProperty().get()).isEqualTo("Speaker A");
        assertThat(again.autoPlayProperty().get()).isTrue();
        assertThat(again.pushToTalkKeyProperty().get()).isEqualTo("F9");
        assertThat(again.themeProperty().get()).isEqualTo(Theme.DARK);
        assertThat(again.languageProperty().get()).isEqualTo("zh-CN");
    }

    @Test
    void saysWhichDevicesAreMissing() {
        io.input = false;
        SettingsViewModel vm = new SettingsViewModel(Settings.load(dir), io, Runnable::run, new Messages(Locale.ENGLISH));
        assertThat(vm.deviceNoteProperty().get()).contains("No microphone").contains("Text chat works");
        io.output = false;
        vm.refreshDevices();
        assertThat(vm.deviceNoteProperty().get()).contains("No microphone and no speaker");
    }

    @Test
    void micTestShowsTheLevelAndStops() {
        SettingsViewModel vm = new SettingsViewModel(Settings.load(dir), io, Runnable::run, new Messages(Locale.ENGLISH));
        vm.toggleMicTest();
        assertThat(vm.testingProperty().get()).isTrue();
        io.captureEvents.level(0.1, 0.4);
        assertThat(vm.testLevelProperty().get()).isEqualTo(0.4);
        vm.toggleMicTest();
        assertThat(vm.testingProperty().get()).isFalse();
        assertThat(vm.testLevelProperty().get()).isZero();
        assertThat(io.cancels).isEqualTo(1);
        io.captureEvents.level(0.1, 0.9); // late event from the stopped test
        assertThat(vm.testLevelProperty().get()).isZero();
    }

    @Test
    void playedReceiptsAreToldUnlessThePersonTurnsThemOffWhichIsRemembered() {
        Settings settings = Settings.load(dir);
        assertThat(settings.tellPlayedProperty().get()).as("on by default").isTrue();
        SettingsViewModel vm = new SettingsViewModel(settings, io, Runnable::run, new Messages(Locale.ENGLISH));
        assertThat(vm.tellPlayedProperty().get()).isTrue();
        vm.tellPlayedProperty().set(false);
        assertThat(settings.tellPlayedProperty().get()).as("a working copy until OK").isTrue();
        vm.apply();
        assertThat(settings.tellPlayedProperty().get()).isFalse();
        assertThat(settings.awaitSaved(WAIT)).isTrue();
        assertThat(Settings.load(dir).tellPlayedProperty().get()).isFalse();

        Settings loaded = Settings.load(dir);
        SettingsViewModel again = new SettingsViewModel(loaded, io, Runnable::run, new Messages(Locale.ENGLISH));
        again.tellPlayedProperty().set(true);
        again.apply();
        assertThat(loaded.awaitSaved(WAIT)).isTrue();
        assertThat(Settings.load(dir).tellPlayedProperty().get()).isTrue();
    }

    @Test
    void aBrokenSettingsFileFallsBackToDefaults() throws Exception {
        java.nio.file.Files.writeString(dir.resolve(Settings.FILE_NAME), "theme=PURPLE\n");
        Settings s = Settings.load(dir);
        assertThat(s.themeProperty().get()).isEqualTo(Theme.LIGHT);
        assertThat(s.pushToTalkKeyProperty().get()).isEqualTo("F8");
    }

    @Test
    void devicesAreListedOnceByTheirLabelsWithTheSoundServerNote() {
        io.devicesNote = "Only the default device can be seen.";
        SettingsViewModel vm = new SettingsViewModel(Settings.load(dir), io, Runnable::run, new Messages(Locale.ENGLISH));

        assertThat(vm.inputs()).containsExactly("", "Mic A");
        assertThat(vm.inputs().stream().map(vm::label)).containsExactly("System default", "Microphone A (USB)");
        assertThat(vm.deviceHintProperty().get()).isEqualTo("Only the default device can be seen.");
        io.devicesNote = "";
        vm.refreshDevices();
        assertThat(vm.deviceHintProperty().get()).isEmpty();
    }

    @Test
    void thePlaybackSpeedIsRememberedAndANonsenseOneIsIgnored() throws Exception {
        Settings settings = Settings.load(dir);
        assertThat(settings.playbackSpeedProperty().get()).isEqualTo(1.0);
        settings.playbackSpeedProperty().set(1.5);
        settings.save();
        assertThat(settings.awaitSaved(WAIT)).isTrue();
        assertThat(Settings.load(dir).playbackSpeedProperty().get()).isEqualTo(1.5);

        for (String bad : new String[] {"fast", "0", "-2", "NaN", "40"}) {
            java.nio.file.Files.writeString(dir.resolve(Settings.FILE_NAME), "playback.speed=" + bad + "\nnick=ann\n");
            Settings loaded = Settings.load(dir);
            assertThat(loaded.playbackSpeedProperty().get()).as(bad).isEqualTo(1.0);
            assertThat(loaded.nickProperty().get()).as("the rest still loads").isEqualTo("ann");
        }
    }

    @Test
    void theReleaseTailIsRememberedFrom0To1000MsAndAnythingElseIsTheDefault() throws Exception {
        Settings settings = Settings.load(dir);
        assertThat(settings.releaseTailMillisProperty().get()).isEqualTo(Settings.DEFAULT_RELEASE_TAIL_MILLIS);
        for (int kept : new int[] {0, 1000, 350}) {
            settings.releaseTailMillisProperty().set(kept);
            settings.save();
            assertThat(settings.awaitSaved(WAIT)).isTrue();
            assertThat(Settings.load(dir).releaseTailMillisProperty().get()).isEqualTo(kept);
        }
        for (String bad : new String[] {"long", "-1", "1001", "200.5", ""}) {
            java.nio.file.Files.writeString(dir.resolve(Settings.FILE_NAME),
                    "pushToTalk.releaseTailMillis=" + bad + "\nnick=ann\n");
            Settings loaded = Settings.load(dir);
            assertThat(loaded.releaseTailMillisProperty().get()).as(bad).isEqualTo(Settings.DEFAULT_RELEASE_TAIL_MILLIS);
            assertThat(loaded.nickProperty().get()).as("the rest still loads").isEqualTo("ann");
        }
    }
}
