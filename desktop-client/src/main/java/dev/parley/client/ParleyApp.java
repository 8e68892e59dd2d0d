package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.connect.ConnectController;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.settings.Settings;
import dev.parley.client.sound.VoiceIo;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The desktop app as JavaFX starts and stops it: reads the options, has {@link AppWiring} make and show everything,
 * and closes it at the end. Tests construct it with their own options, sound devices and relay discovery.
 */
public class ParleyApp extends Application {
    private static final Logger log = LoggerFactory.getLogger(ParleyApp.class);

    private final AppOptions presetOptions;
    private final Function<Settings, VoiceIo> voiceFactory;
    private final Supplier<RelayDiscovery> discoveryFactory;
    private Consumer<String> linkOpener;
    private volatile AppWiring wiring;

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
        this.voiceFactory = voiceFactory != null ? voiceFactory : SoundDevices::forSettings;
        this.discoveryFactory = discoveryFactory;
    }

    /** Opens web links in messages with {@code opener} instead of the system browser (for tests). */
    public ParleyApp openLinksWith(Consumer<String> opener) {
        this.linkOpener = opener;
        return this;
    }

    @Override
    public void start(Stage stage) {
        AppOptions options = presetOptions != null ? presetOptions : AppOptions.parse(getParameters().getRaw());
        Consumer<String> links = linkOpener != null ? linkOpener : url -> getHostServices().showDocument(url);
        wiring = new AppWiring(stage, options, voiceFactory, discoveryFactory, links);
        wiring.show(options);
    }

    /** The session of the main window, or {@code null} before joining (for tests). */
    public ChatSession session() {
        AppWiring w = wiring;
        return w == null ? null : w.window().session();
    }

    /** The connect flow (for tests). */
    public ConnectController connectController() {
        AppWiring w = wiring;
        return w == null ? null : w.connect();
    }

    @Override
    public void stop() {
        AppWiring w = wiring;
        if (w != null) {
            w.close();
        }
        log.debug("stopped");
    }
}
