package dev.parley.client.ui.common;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Popup;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notification drawn in the app's AtlantaFX look: painted (ControlsFX's stylesheet finds the colours it looks up)
 * and without the CSS warning JavaFX logs when it cannot (a {@code ClassCastException} from String to Paint), also
 * when the window ControlsFX takes its styles from is a plain dialog rather than the main window.
 */
class DesktopNotifierTest {
    private final List<String> cssWarnings = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String thrown = record.getThrown() == null ? "" : " " + record.getThrown();
            cssWarnings.add(String.valueOf(record.getMessage()) + thrown);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger css = Logger.getLogger("javafx.css");
    private Stage main;
    private Stage dialog;

    @BeforeEach
    void windows() throws Exception {
        FxToolkit.registerPrimaryStage();
        css.addHandler(capture);
        fx(() -> {
            Themes.apply(false);
            main = new Stage();
            Scene scene = new Scene(new StackPane(), 400, 300);
            Themes.style(scene);
            main.setScene(scene);
            main.show();
            // shown last, with none of the app's stylesheets: a dialog such as the settings
            dialog = new Stage();
            dialog.setScene(new Scene(new StackPane(), 200, 100));
            dialog.show();
            return null;
        });
    }

    @AfterEach
    void close() throws Exception {
        css.removeHandler(capture);
        fx(() -> {
            for (Window w : List.copyOf(Window.getWindows())) {
                if (w instanceof Popup) {
                    w.hide();
                }
            }
            main.close();
            dialog.close();
            Themes.apply(false);
            return null;
        });
    }

    private static <T> T fx(java.util.concurrent.Callable<T> call) throws Exception {
        return WaitForAsyncUtils.asyncFx(call).get(10, TimeUnit.SECONDS);
    }

    private static Optional<Region> notificationPane() {
        for (Window w : Window.getWindows()) {
            if (w instanceof Popup && w.getScene() != null) {
                Optional<Region> pane = find(w.getScene().getRoot());
                if (pane.isPresent()) {
                    return pane;
                }
            }
        }
        return Optional.empty();
    }

    /** The {@code .pane} inside a {@code .notification-bar}. */
    private static Optional<Region> find(Node node) {
        if (node.getStyleClass().contains("notification-bar") && node instanceof Parent p) {
            return p.getChildrenUnmodifiable().stream().filter(c -> c.getStyleClass().contains("pane"))
                    .map(Region.class::cast).findFirst();
        }
        if (node instanceof Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                Optional<Region> found = find(child);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    @ParameterizedTest(name = "dark: {0}")
    @ValueSource(booleans = {false, true})
    void theNotificationIsPaintedInTheAppsLookWithoutCssErrors(boolean dark) throws Exception {
        if (dark) {
            fx(() -> {
                Themes.apply(true);
                return null;
            });
        }
        DesktopNotifier notifier = new DesktopNotifier(main, () -> dark);
        fx(() -> {
            notifier.show("bob", "hello there");
            return null;
        });
        await("the notification is painted").atMost(Duration.ofSeconds(10)).until(() -> fx(() -> notificationPane()
                .map(pane -> pane.getBackground() != null).orElse(false)));
        fx(() -> {
            Region pane = notificationPane().orElseThrow();
            assertThat(pane.getBackground().getFills()).as("outer border, inner border, body").hasSize(3);
            assertThat(pane.getParent().getStyleClass().contains("dark")).isEqualTo(dark);
            return null;
        });
        assertThat(cssWarnings).noneMatch(w -> w.contains("ClassCastException") || w.contains("notification"));
    }
}
