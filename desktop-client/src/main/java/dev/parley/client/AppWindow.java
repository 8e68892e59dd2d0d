package dev.parley.client;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.ChatView;
import dev.parley.client.chat.Previews;
import dev.parley.client.chat.Stamps;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.connect.ConnectController;
import dev.parley.client.connect.ConnectView;
import dev.parley.client.connect.ConnectViewModel;
import dev.parley.client.connect.FoundRelaysViewModel;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.settings.Settings;
import dev.parley.client.settings.SettingsView;
import dev.parley.client.settings.SettingsViewModel;
import dev.parley.client.settings.TrustedRelaysView;
import dev.parley.client.ui.common.DesktopNotifier;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.SaveDialog;
import dev.parley.client.ui.common.Themes;
import dev.parley.client.ui.common.WindowFit;
import javafx.geometry.Dimension2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The app's one window and what it shows: the connect screen, then the room once joined, and the connect screen
 * again after leaving; with what belongs to the room's screen (settings dialog, saving a clip, notifications while
 * the window is not in front). FX thread only, except {@link #session()}.
 */
final class AppWindow implements ConnectController.Screens {
    private static final Logger log = LoggerFactory.getLogger(AppWindow.class);
    private static final int NOTIFY_PREVIEW_CHARS = 90;
    private static final double CONNECT_WIDTH = 480;
    private static final double CONNECT_HEIGHT = 700;
    private static final double ROOM_MIN_WIDTH = 960;
    private static final double ROOM_MIN_HEIGHT = 680;

    private final Stage stage;
    private final AppServices services;
    private final Messages messages;
    private final Settings settings;
    private final ConnectViewModel connectVm;
    private final FoundRelaysViewModel found;
    private final Supplier<RelayDiscovery> discoveries;
    private final Consumer<String> linkOpener;
    private final DesktopNotifier notifier;
    private final SaveDialog saveDialog;
    private ConnectController connect;
    private ConnectView connectView;
    private volatile ChatSession session;

    AppWindow(Stage stage, AppServices services, ConnectViewModel connectVm, Supplier<RelayDiscovery> discoveries,
              Consumer<String> linkOpener) {
        this.stage = stage;
        this.services = services;
        this.messages = services.messages();
        this.settings = services.settings();
        this.connectVm = connectVm;
        this.found = connectVm.found();
        this.discoveries = discoveries;
        this.linkOpener = linkOpener;
        this.notifier = new DesktopNotifier(stage, services::dark);
        this.saveDialog = new SaveDialog(settings.saveFolderProperty(), settings::save);
    }

    /** Shows the window with the connect screen of {@code flow}, and starts looking for relays. */
    void show(ConnectController flow) {
        this.connect = flow;
        connectView = new ConnectView(connectVm, messages, flow::submit);
        Dimension2D size = WindowFit.firstSize(CONNECT_WIDTH, CONNECT_HEIGHT);
        Scene scene = new Scene(connectView.root(), size.getWidth(), size.getHeight());
        Themes.style(scene);
        stage.setTitle(messages.get("app.name"));
        try (InputStream icon = AppWindow.class.getResourceAsStream("parley.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (IOException e) {
            log.debug("no window icon: {}", e.getMessage());
        }
        stage.setScene(scene);
        stage.show();
        connectView.focusFirstEmpty();
        found.start();
    }

    /** The room's session, or {@code null} when not in a room (any thread). */
    ChatSession session() {
        return session;
    }

    /** The room's push-to-talk button was pressed by the system-wide key. */
    void pressToTalk() {
        ChatSession s = session;
        if (s != null) {
            s.pushToTalk().press();
        }
    }

    /** ... and released. */
    void releaseToTalk() {
        ChatSession s = session;
        if (s != null) {
            s.pushToTalk().release();
        }
    }

    @Override
    public void joined(ChatSession joined) {
        ChatSession before = session;
        if (before != null && before != joined) {
            before.close();
        }
        session = joined;
        found.stop();
        ChatView view = new ChatView(joined.chat(), joined.pushToTalk(), joined.playback(), messages,
                new Stamps(services.clock(), ZoneId.systemDefault(), messages), settings.autoPlayProperty(),
                settings.pushToTalkKeyProperty(), connect.hostedInfoProperty(), connect.hostedLinkProperty(),
                new ChatView.Actions(this::openSettings, this::save, linkOpener, this::leave, joined::retryNow));
        joined.playback().speedProperty().bindBidirectional(settings.playbackSpeedProperty());
        joined.model().onArrival(this::notifyIfAway);
        stage.getScene().setRoot(view.root());
        WindowFit.growTo(stage, ROOM_MIN_WIDTH, ROOM_MIN_HEIGHT);
        stage.setTitle(messages.format("app.title.room", joined.model().roomProperty().get()));
        view.focusComposer();
    }

    @Override
    public void disconnected() {
        leave();
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

    private void notifyIfAway(TimelineItem item) {
        String text = item.kind() == TimelineItem.Kind.TEXT ? Previews.of(item.text(), 2, NOTIFY_PREVIEW_CHARS)
                : messages.get("notify.voice");
        notifier.notifyIfAway(item.from(), text);
    }

    private void openSettings() {
        SettingsViewModel vm = new SettingsViewModel(settings, services.voice(), services.ui(), messages);
        new SettingsView(vm, messages, new TrustedRelaysView(services.knownHosts(), messages).root()).show(stage, () -> {
            ChatSession s = session;
            if (s != null) {
                s.pushToTalk().refreshDevices();
            }
        });
    }

    private void save(TimelineItem item) {
        ChatSession s = session;
        saveDialog.ask(stage, messages.get("voice.save"), item.from() + "-" + item.seq() + ".wav", "WAV", "*.wav")
                .ifPresent(file -> s.playback().save(item, file,
                        () -> s.chat().setNotice(messages.format("voice.saved", file.toAbsolutePath().toString()))));
    }

    /** Closes the room's session, if any (the app stops). */
    void close() {
        ChatSession s = session;
        if (s != null) {
            s.close();
        }
        found.stop();
    }
}
