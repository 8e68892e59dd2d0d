package dev.parley.client.settings;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The person's choices, remembered in {@code settings.properties} in the settings folder. Properties so that
 * views and view models can bind; {@link #save()} takes their values on the calling thread (the FX thread, which
 * owns them) and has a background thread write them, so the FX thread never waits for the disk.
 */
public final class Settings {
    private static final Logger log = LoggerFactory.getLogger(Settings.class);
    public static final String FILE_NAME = "settings.properties";
    /** The push-to-talk key when none is chosen (a {@code javafx.scene.input.KeyCode} name). */
    public static final String DEFAULT_PTT_KEY = "F8";
    /** The release tail people get unless they choose another (Mumble's "hold time"). */
    public static final int DEFAULT_RELEASE_TAIL_MILLIS = 200;
    public static final int MAX_RELEASE_TAIL_MILLIS = 1000;
    private static final double MIN_SPEED = 0.5;
    private static final double MAX_SPEED = 3;

    private final Path dir;
    private final SettingsWriter writer;
    private final StringProperty relay = new SimpleStringProperty("");
    private final StringProperty nick = new SimpleStringProperty("");
    private final StringProperty room = new SimpleStringProperty("lobby");
    private final StringProperty inputDevice = new SimpleStringProperty("");
    private final StringProperty outputDevice = new SimpleStringProperty("");
    private final BooleanProperty autoPlay = new SimpleBooleanProperty(false);
    private final BooleanProperty tellPlayed = new SimpleBooleanProperty(true);
    private final DoubleProperty playbackSpeed = new SimpleDoubleProperty(1);
    /** Milliseconds the microphone stays open after push-to-talk is released, {@value #MAX_RELEASE_TAIL_MILLIS} at most. */
    private final IntegerProperty releaseTailMillis =
            new SimpleIntegerProperty(DEFAULT_RELEASE_TAIL_MILLIS);
    private final StringProperty pushToTalkKey = new SimpleStringProperty(DEFAULT_PTT_KEY);
    private final BooleanProperty globalPushToTalk = new SimpleBooleanProperty(false);
    /** Why the global key is not working, for people; empty when it works or is off. Not saved. */
    private final StringProperty globalPushToTalkNote = new SimpleStringProperty("");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(Theme.LIGHT);
    private final StringProperty language = new SimpleStringProperty("");
    private final StringProperty saveFolder = new SimpleStringProperty("");

    private Settings(Path dir, SettingsWriter writer) {
        this.dir = dir;
        this.writer = writer;
    }

    /**
     * Loads the settings in {@code dir}, or the defaults when there are none yet, on the calling thread; saves are
     * written on a daemon thread of their own.
     */
    public static Settings load(Path dir) {
        return load(dir, new SettingsWriter(dir));
    }

    /** As {@link #load(Path)}, the saves written by {@code writerThread} (one task at a time, in order). */
    static Settings load(Path dir, Executor writerThread) {
        return load(dir, new SettingsWriter(dir, writerThread));
    }

    private static Settings load(Path dir, SettingsWriter writer) {
        Settings s = new Settings(dir, writer);
        Path file = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
                s.apply(p);
            } catch (IOException | IllegalArgumentException e) {
                log.warn("cannot read {}, using defaults: {}", file, e.getMessage());
            }
        }
        return s;
    }

    private void apply(Properties p) {
        relay.set(p.getProperty("relay", ""));
        nick.set(p.getProperty("nick", ""));
        room.set(p.getProperty("room", "lobby"));
        inputDevice.set(p.getProperty("audio.input", ""));
        outputDevice.set(p.getProperty("audio.output", ""));
        autoPlay.set(Boolean.parseBoolean(p.getProperty("autoPlay", "false")));
        tellPlayed.set(Boolean.parseBoolean(p.getProperty("receipts.tell", "true")));
        playbackSpeed.set(inRange(p, "playback.speed", Double::valueOf, MIN_SPEED, MAX_SPEED, 1.0));
        pushToTalkKey.set(p.getProperty("pushToTalkKey", DEFAULT_PTT_KEY));
        releaseTailMillis.set(inRange(p, "pushToTalk.releaseTailMillis", Integer::valueOf, 0, MAX_RELEASE_TAIL_MILLIS,
                DEFAULT_RELEASE_TAIL_MILLIS));
        globalPushToTalk.set(Boolean.parseBoolean(p.getProperty("pushToTalkKey.global", "false")));
        theme.set(Theme.valueOf(p.getProperty("theme", "LIGHT").toUpperCase(Locale.ROOT)));
        language.set(p.getProperty("language", ""));
        saveFolder.set(p.getProperty("saveFolder", ""));
    }

    /**
     * The number remembered under {@code key}, or {@code fallback} (with a warning) when it is not one that
     * {@code parse} reads or is outside {@code min} to {@code max}.
     */
    private static <N extends Number & Comparable<N>> N inRange(Properties p, String key, Function<String, N> parse,
                                                               N min, N max, N fallback) {
        String text = p.getProperty(key, fallback.toString());
        try {
            N v = parse.apply(text.strip());
            if (v.compareTo(min) >= 0 && v.compareTo(max) <= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            log.debug("{} {} is not a number", key, text);
        }
        log.warn("ignoring {}={} in settings: not from {} to {}", key, text, min, max);
        return fallback;
    }

    /**
     * Saves the settings as they are now: takes their values here and returns, the file is written in the background
     * (only the newest of saves in quick succession). Problems are logged, never thrown (losing a preference must not
     * stop the app).
     */
    public void save() {
        Properties p = new Properties();
        p.setProperty("relay", relay.get());
        p.setProperty("nick", nick.get());
        p.setProperty("room", room.get());
        p.setProperty("audio.input", inputDevice.get());
        p.setProperty("audio.output", outputDevice.get());
        p.setProperty("autoPlay", Boolean.toString(autoPlay.get()));
        p.setProperty("receipts.tell", Boolean.toString(tellPlayed.get()));
        p.setProperty("playback.speed", Double.toString(playbackSpeed.get()));
        p.setProperty("pushToTalkKey", pushToTalkKey.get());
        p.setProperty("pushToTalk.releaseTailMillis", Integer.toString(releaseTailMillis.get()));
        p.setProperty("pushToTalkKey.global", Boolean.toString(globalPushToTalk.get()));
        p.setProperty("theme", theme.get().name());
        p.setProperty("language", language.get());
        p.setProperty("saveFolder", saveFolder.get());
        writer.write(p);
    }

    /**
     * Waits up to {@code timeout} until what every {@link #save()} so far asked for is written (or failed, logged),
     * as at the app's end, so the last change is not lost.
     *
     * @return false, with a warning logged, when the time ran out first
     */
    public boolean awaitSaved(Duration timeout) {
        return writer.awaitWritten(timeout);
    }

    /** The folder a clip was last saved to, or empty. */
    public StringProperty saveFolderProperty() {
        return saveFolder;
    }

    public Path dir() {
        return dir;
    }

    public StringProperty relayProperty() {
        return relay;
    }

    public StringProperty nickProperty() {
        return nick;
    }

    public StringProperty roomProperty() {
        return room;
    }

    /** Name of the chosen input mixer; empty for the system default. */
    public StringProperty inputDeviceProperty() {
        return inputDevice;
    }

    /** Name of the chosen output mixer; empty for the system default. */
    public StringProperty outputDeviceProperty() {
        return outputDevice;
    }

    /** Walkie-talkie mode: play incoming clips as they arrive, in order. */
    public BooleanProperty autoPlayProperty() {
        return autoPlay;
    }

    /**
     * Whether others are told when this person played their voice messages to the end (played receipts, on by
     * default). Off: no receipt is sent; others' receipts still show.
     */
    public BooleanProperty tellPlayedProperty() {
        return tellPlayed;
    }

    /** How fast voice clips play (1 is normal), pitch kept. */
    public DoubleProperty playbackSpeedProperty() {
        return playbackSpeed;
    }

    /** How long, in ms, the microphone stays open after push-to-talk is released, so the last word is not clipped. */
    public IntegerProperty releaseTailMillisProperty() {
        return releaseTailMillis;
    }

    public StringProperty pushToTalkKeyProperty() {
        return pushToTalkKey;
    }

    /** Whether the push-to-talk key works while another window has the focus (off by default). */
    public BooleanProperty globalPushToTalkProperty() {
        return globalPushToTalk;
    }

    /** Why the global key does not work here (empty when it does or is off); set by the app, not saved. */
    public StringProperty globalPushToTalkNoteProperty() {
        return globalPushToTalkNote;
    }

    public ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** Empty: follow the system; else a language tag ({@code en}, {@code zh-CN}). Applies at the next start. */
    public StringProperty languageProperty() {
        return language;
    }
}
