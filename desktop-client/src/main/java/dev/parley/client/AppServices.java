package dev.parley.client;

import dev.parley.client.chat.PlayedClips;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.settings.Settings;
import dev.parley.client.settings.Theme;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.FxUiThread;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.Themes;
import dev.parley.client.ui.common.UiThread;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What every part of one app run shares, made once at start and closed at stop: threads, settings (saved when
 * changed in the window), texts, sound devices, trusted relays and played clips.
 */
final class AppServices implements AutoCloseable {
    /** How long the app's end waits for the last settings change to be written. */
    static final Duration SETTINGS_WAIT = Duration.ofSeconds(2);

    private final UiThread ui = new FxUiThread();
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("parley-timer"));
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("parley-background"));
    private final Tasks tasks = new Tasks(background, scheduler, ui);
    private final Settings settings;
    private final Messages messages;
    private final VoiceIo voice;
    private final KnownHosts knownHosts;
    private final PlayedClips playedClips;

    /** Loads what is kept in {@code options.settingsDir()} and applies the look; on the FX thread. */
    AppServices(AppOptions options, Function<Settings, VoiceIo> voiceFactory) {
        settings = Settings.load(options.settingsDir());
        messages = new Messages(Messages.localeFor(settings.languageProperty().get()));
        voice = voiceFactory.apply(settings);
        knownHosts = new KnownHosts(options.settingsDir());
        playedClips = PlayedClips.load(options.settingsDir(), background);
        Themes.apply(dark());
        settings.themeProperty().addListener((o, a, t) -> Themes.apply(t == Theme.DARK));
        // what the main window changes directly (not through the settings dialog) is kept at once
        settings.autoPlayProperty().addListener((o, a, b) -> settings.save());
        settings.playbackSpeedProperty().addListener((o, a, b) -> settings.save());
    }

    UiThread ui() {
        return ui;
    }

    Clock clock() {
        return clock;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Tasks tasks() {
        return tasks;
    }

    Settings settings() {
        return settings;
    }

    Messages messages() {
        return messages;
    }

    VoiceIo voice() {
        return voice;
    }

    KnownHosts knownHosts() {
        return knownHosts;
    }

    PlayedClips playedClips() {
        return playedClips;
    }

    /** Whether the app's look is dark now. */
    boolean dark() {
        return settings.themeProperty().get() == Theme.DARK;
    }

    /**
     * Waits up to {@link #SETTINGS_WAIT} for the settings to be written (then gives up, logged), then stops the
     * threads (what they were doing is abandoned). On the FX thread at the app's end.
     */
    @Override
    public void close() {
        settings.awaitSaved(SETTINGS_WAIT);
        scheduler.shutdownNow();
        background.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
