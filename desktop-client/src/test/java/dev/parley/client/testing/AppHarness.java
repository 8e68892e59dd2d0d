package dev.parley.client.testing;

import dev.parley.client.AppOptions;
import dev.parley.client.ParleyApp;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.discovery.RelayDiscovery;
import dev.parley.client.settings.Settings;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/** Starts the real app headless (Monocle) in this JVM and drives it with a TestFX robot. */
public final class AppHarness implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(20);

    private final ParleyApp app;
    public final FxRobot robot = new FxRobot();

    private AppHarness(ParleyApp app) {
        this.app = app;
    }

    public static AppHarness launch(AppOptions options, Function<Settings, VoiceIo> voice) throws Exception {
        return launch(options, voice, null);
    }

    /** Launches with this relay discovery ({@code null}: as the options say, which in tests is off). */
    public static AppHarness launch(AppOptions options, Function<Settings, VoiceIo> voice,
                                    Supplier<RelayDiscovery> discovery) throws Exception {
        return launch(options, voice, discovery, url -> {
            throw new AssertionError("a test opened a link it did not expect: " + url);
        });
    }

    /** Launches with links in messages handed to {@code links} instead of the system browser. */
    public static AppHarness launch(AppOptions options, Function<Settings, VoiceIo> voice,
                                    Supplier<RelayDiscovery> discovery, Consumer<String> links) throws Exception {
        FxToolkit.registerPrimaryStage();
        ParleyApp app = (ParleyApp) FxToolkit.setupApplication(
                () -> new ParleyApp(options, voice, discovery).openLinksWith(links));
        return new AppHarness(app);
    }

    /** Options without a join: the connect screen waits. No LAN discovery, so tests stay off the network. */
    public static AppOptions connectScreen(Path settingsDir) {
        return new AppOptions(null, null, null, null, null, false, 0, settingsDir, false);
    }

    /** Options that join at once. */
    public static AppOptions joining(TestRelay relay, String nick, String trust, Path settingsDir) {
        return new AppOptions(relay.address().toString(), nick, "lobby", trust, null, false, 0, settingsDir, false);
    }

    public ParleyApp app() {
        return app;
    }

    /** Runs {@code query} on the FX thread and returns its result. */
    public static <T> T fx(Callable<T> query) {
        try {
            return WaitForAsyncUtils.asyncFx(query).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX query failed", e);
        }
    }

    /** Runs {@code action} on the FX thread and waits for it. */
    public static void onFx(Runnable action) {
        fx(() -> {
            action.run();
            return null;
        });
    }

    public Node node(String query) {
        return robot.lookup(query).query();
    }

    /** The text of a label, button or text field, read on the FX thread. */
    public String text(String query) {
        return fx(() -> {
            Node n = robot.lookup(query).query();
            if (n instanceof Labeled l) {
                return l.getText();
            }
            return ((TextInputControl) n).getText();
        });
    }

    public boolean exists(String query) {
        return fx(() -> robot.lookup(query).tryQuery().isPresent());
    }

    /** Waits until a node matching {@code query} is showing. */
    public void awaitNode(String query) {
        await().atMost(WAIT).until(() -> exists(query) && fx(() -> robot.lookup(query).query().isVisible()));
    }

    /** Waits until the text of {@code query} contains {@code part}. */
    public void awaitText(String query, String part) {
        await().atMost(WAIT).until(() -> exists(query) && text(query).contains(part));
    }

    /** Waits for the main window. */
    public void awaitJoined() {
        awaitNode("#composer");
        await().atMost(WAIT).until(() -> app.session() != null);
    }

    public Stage stage() {
        return fx(() -> (Stage) robot.listTargetWindows().stream().filter(w -> w instanceof Stage).findFirst().orElseThrow());
    }

    @Override
    public void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }
}
