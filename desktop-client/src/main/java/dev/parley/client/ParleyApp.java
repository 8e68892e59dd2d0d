package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.ChatView;
import dev.parley.client.chat.PlayedClips;
import dev.parley.client.chat.Previews;
import dev.parley.client.chat.Stamps;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.connect.ConnectController;
import dev.parley.client.connect.ConnectView;
import dev.parley.client.connect.ConnectViewModel;
import dev.parley.client.connect.FoundRelaysViewModel;
import dev.parley.client.connect.TrustDialogs;
import dev.parley.client.discovery.Discoveries;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.discovery.LocalRelayProbe;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.globalkey.GlobalPushToTalk;
import dev.parley.client.net.KnownHosts;
import dev.parley.client.settings.Settings;
import dev.parley.client.settings.SettingsView;
import dev.parley.client.settings.SettingsViewModel;
import dev.parley.client.settings.TrustedRelaysView;
import dev.parley.client.ui.common.FxUiThread;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.Themes;
import dev.parley.client.ui.common.UiThread;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The desktop app: wires services by hand (constructor injection), shows the connect screen, then the main window.
 * Tests construct it with their own options, sound devices and relay discovery.
 */
public class ParleyApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ParleyApp.class);
    private static final int NOTIFY_PREVIEW_CHARS = 90;

    private final AppOptions presetOptions;
    private final Function<Settings, VoiceIo> voiceFactory;
    private final Supplier<RelayDiscovery> discoveryFactory;
    private final UiThread ui = new FxUiThread();
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private ExecutorService background;
    private Settings settings;
    private Messages messages;
    private VoiceIo voice;
    private Stage stage;
    private volatile ConnectController connect;
    private Thread shutdownHook;
    private ConnectViewModel connectVm;
    private FoundRelaysViewModel found;
    private volatile ChatSession session;
    private ConnectView connectView;
    private KnownHosts knownHosts;
    private Supplier<RelayDiscovery> discoveries;
    private Consumer<String> linkOpener;
    private GlobalPushToTalk globalKey;

    public ParleyApp() {
        this(null, null);
    }

    /**
     * @param options      options to use instead of the command line, or {@code null}
     * @param voiceFactory sound devices for the given settings, or {@code null} for Java Sound
     */
    public ParleyApp(AppOptions options, Function<Settings, VoiceIo> voiceFactory) {
        this(options, voiceFactory, null);
    }

    /**
     * @param options          options to use instead of the command line, or {@code null}
     * @param voiceFactory     sound devices for the given settings, or {@code null} for Java Sound
     * @param discoveryFactory how to find relays on the local network, or {@code null} for multicast DNS on every
     *                         LAN interface (nothing with {@code --no-discovery})
     */
    public ParleyApp(AppOptions options, Function<Settings, VoiceIo> voiceFactory,
                     Supplier<RelayDiscovery> discoveryFactory) {
        this.presetOptions = options;
        this.voiceFactory = voiceFactory != null ? voiceFactory : ParleyApp::javaSound;
        this.discoveryFactory = discoveryFactory;
    }

    private static VoiceIo javaSound(Settings settings) {
        return SoundDevices.forSettings(settings);
    }

    @Override
    public void start(Stage primary) {
        AppOptions options = presetOptions != null ? presetOptions : AppOptions.parse(getParameters().getRaw());
        this.stage = primary;
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("parley-timer"));
        background = Executors.newCachedThreadPool(daemon("parley-background"));
        settings = Settings.load(options.settingsDir());
        messages = new Messages(Messages.localeFor(settings.languageProperty().get()));
        voice = voiceFactory.apply(settings);
        Themes.apply(settings.themeProperty().get() == dev.parley.client.settings.Theme.DARK);
        settings.themeProperty().addListener((o, a, t) -> Themes.apply(t == dev.parley.client.settings.Theme.DARK));

        globalKey = new GlobalPushToTalk(scheduler,
                () -> ui.run(() -> {
                    if (session != null) {
                        session.pushToTalk().press();
                    }
                }),
                () -> ui.run(() -> {
                    if (session != null) {
                        session.pushToTalk().release();
                    }
                }),
                new GlobalPushToTalk.Problems() {
                    @Override
                    public String wayland() {
                        return messages.get("settings.pttKey.global.wayland");
                    }

                    @Override
                    public String failed(String detail) {
                        return messages.format("settings.pttKey.global.failed", detail);
                    }

                    @Override
                    public String unknownKey(String key) {
                        return messages.format("settings.pttKey.global.unknownKey", key);
                    }
                });
        settings.globalPushToTalkProperty().addListener((o, a, b) -> applyGlobalKey());
        settings.pushToTalkKeyProperty().addListener((o, a, b) -> applyGlobalKey());
        applyGlobalKey();

        knownHosts = new KnownHosts(options.settingsDir());
        PlayedClips playedClips = PlayedClips.load(options.settingsDir(), background);
        discoveries = discoveryFactory != null ? discoveryFactory
                : options.discovery() ? () -> new Discoveries(JmdnsRelayDiscovery.onLan(),
                        LocalRelayProbe.atDefaultPort(messages.get("discovery.thisComputer")))
                : RelayDiscovery::off;
        found = new FoundRelaysViewModel(discoveries.get(), ui, messages,
                (delay, action) -> scheduler.schedule(() -> ui.run(action), delay, java.util.concurrent.TimeUnit.MILLISECONDS));
        connectVm = new ConnectViewModel(messages, found);
        connectVm.relayProperty().set(options.relay() != null ? options.relay() : settings.relayProperty().get());
        connectVm.nickProperty().set(options.nick() != null ? options.nick() : settings.nickProperty().get());
        connectVm.roomProperty().set(options.room() != null ? options.room() : settings.roomProperty().get());
        if (options.password() != null) {
            connectVm.passwordProperty().set(options.password());
        }
        connectVm.hostProperty().set(options.host());
        connect = new ConnectController(connectVm, settings, knownHosts, new TrustDialogs(messages),
                new Tasks(background, ui),
                (request, onUntrusted) -> new ChatSession(request, ui, scheduler, clock, voice, messages,
                        settings.autoPlayProperty(), onUntrusted, playedClips,
                        () -> Duration.ofMillis(settings.releaseTailMillisProperty().get())),
                messages, options.connectOptions(), () -> stage, new ConnectController.Screens() {
                    @Override
                    public void joined(ChatSession joined) {
                        ParleyApp.this.joined(joined);
                    }

                    @Override
                    public void disconnected() {
                        leave();
                    }
                });
        connectView = new ConnectView(connectVm, messages, connect::submit);
        if (linkOpener == null) {
            linkOpener = url -> getHostServices().showDocument(url);
        }
        shutdownHook = new Thread(new ShutdownClose(() -> {
            ChatSession s = session;
            return s == null ? null : s.connection();
        }, () -> {
            ConnectController c = connect;
            if (c != null) {
                c.closeHosted();
            }
        }), "parley-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(connectView.root(), Math.min(480, screen.getWidth()), Math.min(700, screen.getHeight()));
        Themes.style(scene);
        stage.setTitle(messages.get("app.name"));
        try (java.io.InputStream icon = ParleyApp.class.getResourceAsStream("parley.png")) {
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon));
            }
        } catch (java.io.IOException e) {
            log.debug("no window icon: {}", e.getMessage());
        }
        stage.setScene(scene);
        stage.show();
        connectView.focusFirstEmpty();
        found.start();
        if (options.joinAtOnce()) {
            connect.submit();
        }
    }

    /** Opens web links in messages with {@code opener} instead of the system browser (for tests). */
    public ParleyApp openLinksWith(Consumer<String> opener) {
        this.linkOpener = opener;
        return this;
    }

    private void joined(ChatSession joined) {
        ChatSession before = this.session;
        if (before != null && before != joined) {
            before.close();
        }
        this.session = joined;
        found.stop();
        ChatView view = new ChatView(joined.chat(), joined.pushToTalk(), joined.playback(), messages,
                new Stamps(clock, java.time.ZoneId.systemDefault(), messages),
                settings.autoPlayProperty(), settings.pushToTalkKeyProperty(), connect.hostedInfoProperty(), connect.hostedLinkProperty(),
                new ChatView.Actions(this::openSettings, this::save, linkOpener, this::leave, joined::retryNow));
        settings.autoPlayProperty().addListener((o, a, b) -> settings.save());
        joined.playback().speedProperty().bindBidirectional(settings.playbackSpeedProperty());
        settings.playbackSpeedProperty().addListener((o, a, b) -> settings.save());
        joined.model().onArrival(this::notifyIfAway);
        stage.getScene().setRoot(view.root());
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight()).stream().findFirst()
                .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        stage.setWidth(Math.min(Math.max(stage.getWidth(), 960), screen.getWidth()));
        stage.setHeight(Math.min(Math.max(stage.getHeight(), 680), screen.getHeight()));
        keepOnScreen();
        stage.setTitle(messages.format("app.title.room", joined.model().roomProperty().get()));
        view.focusComposer();
    }

    /** Leaves the room (if in one) and shows the connect screen again, fields as they were. */
    private void leave() {
        ChatSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
        connectVm.left();
        if (stage.getScene().getRoot() != connectView.root()) {
            stage.getScene().setRoot(connectView.root());
            stage.setTitle(messages.get("app.name"));
            connectView.focusFirstEmpty();
            found.restart(discoveries.get());
        }
    }

    /** Turns the system-wide push-to-talk key on or off as the settings say, off the FX thread. */
    private void applyGlobalKey() {
        boolean on = settings.globalPushToTalkProperty().get();
        String key = settings.pushToTalkKeyProperty().get();
        background.execute(() -> {
            String note = "";
            if (on) {
                note = globalKey.enable(key).orElse("");
            } else {
                globalKey.disable();
            }
            String shown = note;
            ui.run(() -> settings.globalPushToTalkNoteProperty().set(shown));
        });
    }

    /** The main window is larger than the connect window: move it back onto its screen if it grew past an edge. */
    private void keepOnScreen() {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight()).stream().findFirst()
                .orElse(javafx.stage.Screen.getPrimary()).getVisualBounds();
        if (stage.getX() + stage.getWidth() > screen.getMaxX() || stage.getY() + stage.getHeight() > screen.getMaxY()) {
            stage.setX(Math.max(screen.getMinX(), screen.getMaxX() - stage.getWidth()));
            stage.setY(Math.max(screen.getMinY(), screen.getMaxY() - stage.getHeight()));
        }
    }

    private void notifyIfAway(TimelineItem item) {
        if (stage.isFocused()) {
            return;
        }
        String text = item.kind() == TimelineItem.Kind.TEXT ? Previews.of(item.text(), 2, NOTIFY_PREVIEW_CHARS)
                : messages.get("notify.voice");
        // at the corner of the screen the window is on (not over its text box), in the app's theme
        javafx.stage.Screen screen = javafx.stage.Screen.getScreensForRectangle(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight()).stream().findFirst().orElse(javafx.stage.Screen.getPrimary());
        Notifications n = Notifications.create().owner(screen).position(javafx.geometry.Pos.BOTTOM_RIGHT)
                .title(item.from()).text(text);
        if (settings.themeProperty().get() == dev.parley.client.settings.Theme.DARK) {
            n = n.darkStyle();
        }
        n.showInformation();
    }

    private void openSettings() {
        SettingsViewModel vm = new SettingsViewModel(settings, voice, ui, messages);
        new SettingsView(vm, messages, new TrustedRelaysView(knownHosts, messages).root()).show(stage, () -> {
            if (session != null) {
                session.pushToTalk().refreshDevices();
            }
        });
    }

    private void save(TimelineItem item) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(messages.get("voice.save"));
        chooser.setInitialFileName(item.from() + "-" + item.seq() + ".wav");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("WAV", "*.wav"));
        SaveFolders.initial(settings.saveFolderProperty().get(), System.getProperty("user.home"))
                .ifPresent(dir -> chooser.setInitialDirectory(dir.toFile()));
        File file = chooser.showSaveDialog(stage);
        if (file != null) {
            ChatSession s = session;
            if (file.getParentFile() != null) {
                settings.saveFolderProperty().set(file.getParentFile().getAbsolutePath());
                settings.save();
            }
            s.playback().save(item, file.toPath(),
                    () -> s.chat().setNotice(messages.format("voice.saved", file.getAbsolutePath())));
        }
    }

    /** The session of the main window, or {@code null} before joining (for tests). */
    public ChatSession session() {
        return session;
    }

    /** The connect flow (for tests). */
    public ConnectController connectController() {
        return connect;
    }

    @Override
    public void stop() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                log.debug("shutting down already: the hook closes the connection");
            }
        }
        if (session != null) {
            session.close();
        }
        if (connect != null) {
            connect.close();
        }
        if (found != null) {
            found.stop();
        }
        if (globalKey != null) {
            globalKey.disable();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            background.shutdownNow();
        }
        log.debug("stopped");
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
