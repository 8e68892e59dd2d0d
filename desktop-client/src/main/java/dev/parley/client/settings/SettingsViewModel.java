package dev.parley.client.settings;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings dialog: a working copy of {@link Settings} (applied by {@link #apply()}), the device lists, and a
 * microphone test with a level meter. FX thread only; audio events come in through the {@link UiThread} door.
 */
public final class SettingsViewModel {
    private static final long MIC_TEST_MILLIS = 5000;

    private final Settings settings;
    private final VoiceIo voice;
    private final UiThread ui;
    private final Messages messages;
    private final ObservableList<String> inputs = FXCollections.observableArrayList();
    private final ObservableList<String> outputs = FXCollections.observableArrayList();
    private final StringProperty input = new SimpleStringProperty();
    private final StringProperty output = new SimpleStringProperty();
    private final BooleanProperty autoPlay = new SimpleBooleanProperty();
    private final BooleanProperty tellPlayed = new SimpleBooleanProperty();
    private final StringProperty pttKey = new SimpleStringProperty();
    private final IntegerProperty releaseTail = new SimpleIntegerProperty();
    private final BooleanProperty globalPtt = new SimpleBooleanProperty();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>();
    private final StringProperty language = new SimpleStringProperty();
    private final DoubleProperty testLevel = new SimpleDoubleProperty();
    private final BooleanProperty testing = new SimpleBooleanProperty();
    private final StringProperty deviceNote = new SimpleStringProperty("");
    private final StringProperty deviceHint = new SimpleStringProperty("");
    /** Device name to the name shown, read with the lists (asking Java Sound for each cell would be slow). */
    private final Map<String, String> labels = new HashMap<>();
    private VoiceIo.Capture test;
    private int generation;

    public SettingsViewModel(Settings settings, VoiceIo voice, UiThread ui, Messages messages) {
        this.settings = settings;
        this.voice = voice;
        this.ui = ui;
        this.messages = messages;
        input.set(settings.inputDeviceProperty().get());
        output.set(settings.outputDeviceProperty().get());
        autoPlay.set(settings.autoPlayProperty().get());
        tellPlayed.set(settings.tellPlayedProperty().get());
        pttKey.set(settings.pushToTalkKeyProperty().get());
        releaseTail.set(settings.releaseTailMillisProperty().get());
        globalPtt.set(settings.globalPushToTalkProperty().get());
        theme.set(settings.themeProperty().get());
        language.set(settings.languageProperty().get());
        refreshDevices();
    }

    /** Reads the device lists again; the empty name stands for the system default. */
    public void refreshDevices() {
        List<String> in = voice.inputNames();
        List<String> out = voice.outputNames();
        inputs.setAll(in);
        inputs.add(0, "");
        outputs.setAll(out);
        outputs.add(0, "");
        String note = "";
        if (in.isEmpty() && out.isEmpty()) {
            note = messages.get("settings.noDevices");
        } else if (in.isEmpty()) {
            note = messages.get("settings.noInput");
        } else if (out.isEmpty()) {
            note = messages.get("settings.noOutput");
        }
        deviceNote.set(note);
        deviceHint.set(voice.devicesNote());
        labels.clear();
        for (String name : in) {
            labels.put(name, voice.label(name));
        }
        for (String name : out) {
            labels.putIfAbsent(name, voice.label(name));
        }
    }

    /** The name shown for a device of {@link #inputs()} or {@link #outputs()}; "System default" for the empty one. */
    public String label(String name) {
        return name == null || name.isEmpty() ? messages.get("settings.device.default")
                : labels.getOrDefault(name, name);
    }

    /** Something to know about the lists (with PulseAudio only the default device is there), or empty. */
    public StringProperty deviceHintProperty() {
        return deviceHint;
    }

    public ObservableList<String> inputs() {
        return inputs;
    }

    public ObservableList<String> outputs() {
        return outputs;
    }

    public StringProperty inputProperty() {
        return input;
    }

    public StringProperty outputProperty() {
        return output;
    }

    public BooleanProperty autoPlayProperty() {
        return autoPlay;
    }

    /** Whether others are told when this person played their voice messages (played receipts). */
    public BooleanProperty tellPlayedProperty() {
        return tellPlayed;
    }

    /** Milliseconds the microphone stays open after release, 0 to {@value Settings#MAX_RELEASE_TAIL_MILLIS}. */
    public IntegerProperty releaseTailMillisProperty() {
        return releaseTail;
    }

    /** Whether the push-to-talk key works while Parley is in the background. */
    public BooleanProperty globalPushToTalkProperty() {
        return globalPtt;
    }

    /** Why the global key does not work on this computer (empty when it does or is off). */
    public javafx.beans.value.ObservableStringValue globalPushToTalkNoteProperty() {
        return settings.globalPushToTalkNoteProperty();
    }

    public StringProperty pushToTalkKeyProperty() {
        return pttKey;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    public StringProperty languageProperty() {
        return language;
    }

    public DoubleProperty testLevelProperty() {
        return testLevel;
    }

    public BooleanProperty testingProperty() {
        return testing;
    }

    /** What is missing (no microphone, no speaker), or empty. */
    public StringProperty deviceNoteProperty() {
        return deviceNote;
    }

    /** Starts or stops the microphone test (it stops itself after a few seconds). */
    public void toggleMicTest() {
        if (test != null) {
            stopMicTest();
            return;
        }
        // the test uses the device chosen here, not yet saved
        String saved = settings.inputDeviceProperty().get();
        settings.inputDeviceProperty().set(input.get() == null ? "" : input.get());
        int mine = ++generation;
        try {
            test = voice.record(MIC_TEST_MILLIS, new VoiceIo.CaptureEvents() {
                @Override
                public void level(double rms, double peak) {
                    ui.run(() -> {
                        if (mine == generation) {
                            testLevel.set(Math.max(0, Math.min(1, peak)));
                        }
                    });
                }

                @Override
                public void autoStopped(VoiceIo.Clip clip) {
                    ui.run(() -> {
                        if (mine == generation) {
                            stopMicTest();
                        }
                    });
                }

                @Override
                public void failed(String reason) {
                    ui.run(() -> {
                        if (mine == generation) {
                            deviceNote.set(reason);
                            stopMicTest();
                        }
                    });
                }
            });
            testing.set(true);
        } catch (VoiceIo.VoiceUnavailableException e) {
            deviceNote.set(e.getMessage());
        } finally {
            settings.inputDeviceProperty().set(saved);
        }
    }

    public void stopMicTest() {
        generation++;
        if (test != null) {
            test.cancel();
            test = null;
        }
        testing.set(false);
        testLevel.set(0);
    }

    /** Copies the choices into the settings and saves them. */
    public void apply() {
        stopMicTest();
        settings.inputDeviceProperty().set(input.get() == null ? "" : input.get());
        settings.outputDeviceProperty().set(output.get() == null ? "" : output.get());
        settings.autoPlayProperty().set(autoPlay.get());
        settings.tellPlayedProperty().set(tellPlayed.get());
        settings.pushToTalkKeyProperty().set(pttKey.get());
        settings.releaseTailMillisProperty().set(Math.max(0, Math.min(Settings.MAX_RELEASE_TAIL_MILLIS, releaseTail.get())));
        settings.globalPushToTalkProperty().set(globalPtt.get());
        settings.themeProperty().set(theme.get());
        settings.languageProperty().set(language.get() == null ? "" : language.get());
        settings.save();
    }
}
