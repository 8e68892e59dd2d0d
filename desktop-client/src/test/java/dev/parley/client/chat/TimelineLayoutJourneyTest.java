package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The newest message stays in view until the person scrolls up, then "New messages" brings them down; a narrow
 * window shows icons only and cuts nothing.
 */
class TimelineLayoutJourneyTest {
    @TempDir
    Path dir;
    private TestRelay relay;
    private AppHarness app;
    private ProtocolClient bob;

    @BeforeEach
    void start() throws Exception {
        relay = new TestRelay(dir.resolve("relay"));
        app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("settings")),
                s -> new NoVoiceIo("no sound"));
        app.awaitJoined();
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
    }

    @AfterEach
    void stop() throws Exception {
        bob.close();
        app.close();
        relay.close();
    }

    /** The bubble text of {@code text} if a cell shows it, with its bounds in the timeline. */
    private Optional<Bounds> shown(String text) {
        return AppHarness.fx(() -> {
            Node timeline = app.node("#timeline");
            return app.robot.lookup(".message-text").queryAll().stream()
                    .filter(n -> n instanceof MessageText m && m.getText().equals(text) && n.isVisible()
                            && n.getParent() != null && n.getScene() != null)
                    .map(n -> timeline.sceneToLocal(n.localToScene(n.getLayoutBounds())))
                    .filter(b -> b.getMaxY() > 0 && b.getMinY() < timeline.getLayoutBounds().getHeight())
                    .findFirst();
        });
    }

    private boolean fullyInView(String text) {
        double height = AppHarness.fx(() -> app.node("#timeline").getLayoutBounds().getHeight());
        return shown(text).map(b -> b.getMinY() >= 0 && b.getMaxY() <= height).orElse(false);
    }

    private void sendMany(int n, String prefix) {
        for (int i = 1; i <= n; i++) {
            bob.chat(prefix + i, prefix + " message " + i + (i % 3 == 0 ? "\nwith a second line" : ""));
        }
    }

    @Test
    void theNewestMessageStaysInViewUntilThePersonScrollsUp() {
        sendMany(30, "m");
        String last = "m message 30\nwith a second line";
        await().atMost(AppHarness.WAIT).until(() -> fullyInView(last));
        assertThat(AppHarness.fx(() -> app.node("#newMessagesButton").isVisible())).isFalse();

        // scrolled up to read: a new message does not move the view, the button offers it
        // the person drags the scroll bar's thumb to the top
        Node thumb = AppHarness.fx(() -> app.robot.lookup("#timeline .scroll-bar:vertical .thumb").query());
        Bounds track = AppHarness.fx(() -> {
            Node bar = app.robot.lookup("#timeline .scroll-bar:vertical").query();
            return bar.localToScreen(bar.getLayoutBounds());
        });
        app.robot.drag(thumb, javafx.scene.input.MouseButton.PRIMARY)
                .dropTo(new javafx.geometry.Point2D(track.getMinX() + track.getWidth() / 2, track.getMinY() - 40));
        await().atMost(AppHarness.WAIT).until(() -> shown("m message 1").isPresent());
        bob.chat("n1", "one more");
        app.awaitNode("#newMessagesButton");
        assertThat(app.text("#newMessagesButton")).isEqualTo("New messages");
        assertThat(shown("one more")).as("the view stayed where the person scrolled to").isEmpty();

        app.robot.clickOn("#newMessagesButton");
        await().atMost(AppHarness.WAIT).until(() -> fullyInView("one more"));
        await().atMost(AppHarness.WAIT).until(() -> !AppHarness.fx(() -> app.node("#newMessagesButton").isVisible()));

        // at the bottom again: the next message scrolls into view by itself
        bob.chat("n2", "and another");
        await().atMost(AppHarness.WAIT).until(() -> fullyInView("and another"));
    }

    /** The text the label draws (with "…" when cut) is its whole text. */
    private static boolean drawnInFull(Labeled label) {
        Text drawn = (Text) label.lookup(".text");
        return drawn == null || drawn.getText().equals(label.getText());
    }

    @Test
    void aNarrowWindowShowsIconsOnlyAndCutsNothing() {
        AppHarness.onFx(() -> app.stage().setWidth(640));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() ->
                ((Labeled) app.node("#autoPlayToggle")).getContentDisplay() == ContentDisplay.GRAPHIC_ONLY));
        assertThat(AppHarness.fx(() -> ((Labeled) app.node("#pttButton")).getContentDisplay()))
                .isEqualTo(ContentDisplay.GRAPHIC_ONLY);
        assertThat(AppHarness.fx(() -> ((Labeled) app.node("#pttButton")).getTooltip().getText())).isNotBlank();
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> drawnInFull((Labeled) app.node("#roomTitle"))));
        assertThat(app.text("#roomTitle")).isEqualTo("# lobby");

        AppHarness.onFx(() -> app.stage().setWidth(1100));
        await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() ->
                ((Labeled) app.node("#autoPlayToggle")).getContentDisplay() == ContentDisplay.LEFT));
        assertThat(AppHarness.fx(() -> drawnInFull((Labeled) app.node("#pttButton")))).isTrue();
    }
}
