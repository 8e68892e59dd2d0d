package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import javafx.geometry.Bounds;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Text;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Message bubbles wrap to the timeline's width, show the whole text, can be selected and copied, and links open. */
class MessageBubbleJourneyTest {
    private static final String THREE_LINES = "first line\nsecond line\nthird line";
    private static final String LONG = "This is a long message that goes on and on well past the width of the timeline "
            + "so that it has to wrap onto several lines instead of being cut off or scrolling the whole list sideways. "
            + "The end.";
    private static final String LINK = "https://example.org/notes?id=7";
    private static final String WITH_LINK = "The notes are at " + LINK + ", have a look.";

    @TempDir
    Path dir;
    private TestRelay relay;
    private AppHarness app;
    private ProtocolClient bob;
    private final List<String> opened = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        relay = new TestRelay(dir.resolve("relay"));
        app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("settings")),
                s -> new NoVoiceIo("no sound"), null, opened::add);
        app.awaitJoined();
        bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
    }

    @AfterEach
    void stop() throws Exception {
        bob.close();
        app.close();
        relay.close();
    }

    private Optional<MessageText> bubble(String text) {
        return AppHarness.fx(() -> app.robot.lookup(".message-text").queryAll().stream()
                .filter(n -> n instanceof MessageText m && m.getText().equals(text) && n.isVisible())
                .map(n -> (MessageText) n).findFirst());
    }

    private MessageText awaitBubble(String text) {
        await().atMost(AppHarness.WAIT).until(() -> bubble(text).isPresent()
                && AppHarness.fx(() -> bubble(text).get().getHeight() > 0));
        return bubble(text).orElseThrow();
    }

    private double lineHeight(MessageText m) {
        return AppHarness.fx(() -> {
            Text probe = new Text("X");
            probe.setFont(((Text) m.getChildren().stream().filter(n -> n instanceof Text).findFirst().orElseThrow())
                    .getFont());
            return probe.getLayoutBounds().getHeight();
        });
    }

    private Bounds inTimeline(Node n) {
        Node timeline = app.node("#timeline");
        return AppHarness.fx(() -> timeline.sceneToLocal(n.localToScene(n.getLayoutBounds())));
    }

    @Test
    void messagesWrapToTheTimelineAndShowInFull() {
        bob.chat("b1", THREE_LINES);
        bob.chat("b2", LONG);
        app.robot.clickOn("#composer").write(LONG + " Mine.").type(KeyCode.ENTER);

        MessageText three = awaitBubble(THREE_LINES);
        MessageText theirs = awaitBubble(LONG);
        MessageText mine = awaitBubble(LONG + " Mine.");
        assertThat(three.getHeight()).as("all three lines shown").isGreaterThan(2.5 * lineHeight(three));
        assertThat(theirs.getHeight()).as("the long line wrapped").isGreaterThan(1.5 * lineHeight(theirs));

        ListView<?> timeline = (ListView<?>) app.node("#timeline");
        double width = AppHarness.fx(timeline::getWidth);
        for (MessageText m : List.of(three, theirs, mine)) {
            Bounds b = inTimeline(m);
            assertThat(b.getMinX()).isGreaterThanOrEqualTo(0);
            assertThat(b.getMaxX()).as("inside the timeline: " + m.getText()).isLessThanOrEqualTo(width);
        }
        assertThat(inTimeline(mine).getMinX()).as("own bubble on the right").isGreaterThan(inTimeline(theirs).getMinX());
        boolean sideways = AppHarness.fx(() -> timeline.lookupAll(".scroll-bar").stream()
                .anyMatch(n -> n instanceof ScrollBar s && s.getOrientation() == Orientation.HORIZONTAL && s.isVisible()));
        assertThat(sideways).as("no sideways scrolling").isFalse();
    }

    @Test
    void textCanBeSelectedAndCopiedAndLinksOpen() {
        bob.chat("b1", WITH_LINK);
        MessageText m = awaitBubble(WITH_LINK);
        assertThat(AppHarness.fx(m::links)).containsExactly(LINK);

        // drag across the first word selects it; the shortcut copies the selection
        Bounds first = AppHarness.fx(() -> m.localToScreen(((Text) m.getChildren().get(1)).getBoundsInParent()));
        app.robot.drag(first.getMinX() + 1, first.getMinY() + first.getHeight() / 2, MouseButton.PRIMARY)
                .dropTo(first.getMinX() + 25, first.getMinY() + first.getHeight() / 2);
        String selected = AppHarness.fx(m::selectedText);
        assertThat(selected).isNotEmpty();
        assertThat(WITH_LINK).startsWith(selected);
        app.robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        assertThat(AppHarness.fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(selected);

        // a double-click selects the whole message
        app.robot.doubleClickOn(m);
        app.robot.press(KeyCode.CONTROL).type(KeyCode.C).release(KeyCode.CONTROL);
        assertThat(AppHarness.fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(WITH_LINK);

        Node link = AppHarness.fx(() -> m.getChildren().stream().filter(n -> n.getStyleClass().contains("link"))
                .findFirst().orElseThrow());
        app.robot.clickOn(link);
        await().atMost(AppHarness.WAIT).until(() -> opened.contains(LINK));
    }
}
