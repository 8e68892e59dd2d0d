package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.connect.ConnectController;
import dev.parley.client.connect.ConnectViewModel;
import dev.parley.client.connect.FoundRelaysViewModel;
import dev.parley.client.connect.TrustDialogs;
import dev.parley.client.discovery.Discoveries;
import dev.parley.client.discovery.JmdnsRelayDiscovery;
import dev.parley.client.discovery.LocalRelayProbe;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.globalkey.GlobalKeySetting;
import dev.parley.client.globalkey.GlobalPushToTalk;
import dev.parley.client.settings.Settings;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Makes the app's parts by hand (constructor injection) from the options and connects them: services, the connect
 * flow and its screen, the window, the system-wide key and the shutdown hook; and closes them again. FX thread.
 */
final class AppWiring implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppWiring.class);

    private final AppServices services;
    private final AppWindow window;
    private final ConnectController connect;
    private final GlobalKeySetting globalKey;
    private final Thread shutdownHook;

    /**
     * @param discoveryFactory how to find relays on the local network, or {@code null} as the options say
     * @param linkOpener       opens web links in messages
     */
    AppWiring(Stage stage, AppOptions options, Function<Settings, VoiceIo> voiceFactory,
              Supplier<RelayDiscovery> discoveryFactory, Consumer<String> linkOpener) {
        services = new AppServices(options, voiceFactory);
        Messages messages = services.messages();
        Settings settings = services.settings();
        Supplier<RelayDiscovery> discoveries = discoveryFactory != null ? discoveryFactory
                : discoveries(options, messages);
        ConnectViewModel connectVm = connectScreen(options, discoveries.get());
        window = new AppWindow(stage, services, connectVm, discoveries, linkOpener);
        connect = new ConnectController(connectVm, settings, services.knownHosts(), new TrustDialogs(messages),
                services.tasks(), (request, onUntrusted) -> new ChatSession(request, services.ui(),
                        services.scheduler(), services.clock(), services.voice(), messages, settings.autoPlayProperty(),
                        onUntrusted, services.playedClips(),
                        () -> Duration.ofMillis(settings.releaseTailMillisProperty().get()),
                        settings.tellPlayedProperty(), services.knownHosts()::fingerprint),
                messages, options.connectOptions(), () -> stage, window);
        globalKey = new GlobalKeySetting(globalPushToTalk(messages), services.tasks(),
                settings.globalPushToTalkProperty(), settings.pushToTalkKeyProperty(),
                settings.globalPushToTalkNoteProperty());
        globalKey.start();
        shutdownHook = new Thread(new ShutdownClose(() -> {
            ChatSession s = window.session();
            return s == null ? null : s.connection();
        }, () -> {
            connect.closeHosted();
            settings.awaitSaved(Duration.ofMillis(ShutdownClose.WAIT_MILLIS)); // killed (SIGTERM): stop() is not called
        }), "parley-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Shows the window, and joins at once when the options say so. */
    void show(AppOptions options) {
        window.show(connect);
        if (options.joinAtOnce()) {
            connect.submit();
        }
    }

    AppWindow window() {
        return window;
    }

    ConnectController connect() {
        return connect;
    }

    /** The connect screen's fields as the options say, else as last time. */
    private ConnectViewModel connectScreen(AppOptions options, RelayDiscovery discovery) {
        Messages messages = services.messages();
        Settings settings = services.settings();
        ConnectViewModel vm = new ConnectViewModel(messages,
                new FoundRelaysViewModel(discovery, services.ui(), messages, services.tasks()::later));
        vm.relayProperty().set(options.relay() != null ? options.relay() : settings.relayProperty().get());
        vm.nickProperty().set(options.nick() != null ? options.nick() : settings.nickProperty().get());
        vm.roomProperty().set(options.room() != null ? options.room() : settings.roomProperty().get());
        if (options.password() != null) {
            vm.passwordProperty().set(options.password());
        }
        vm.hostProperty().set(options.host());
        return vm;
    }

    /** Multicast DNS and a look at this computer's default port, unless turned off. */
    private static Supplier<RelayDiscovery> discoveries(AppOptions options, Messages messages) {
        return options.discovery() ? () -> new Discoveries(JmdnsRelayDiscovery.onLan(),
                LocalRelayProbe.atDefaultPort(messages.get("discovery.thisComputer"))) : RelayDiscovery::off;
    }

    /** The system-wide key presses the room's push-to-talk button, through the door to the FX thread. */
    private GlobalPushToTalk globalPushToTalk(Messages messages) {
        return new GlobalPushToTalk(services.scheduler(), () -> services.ui().run(window::pressToTalk),
                () -> services.ui().run(window::releaseToTalk), new GlobalPushToTalk.Problems() {
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
    }

    /** Leaves the room, stops the hosted relay, the key and the threads. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            log.debug("shutting down already: the hook closes the connection");
        }
        window.close();
        connect.close();
        globalKey.close();
        services.close();
    }
}
