package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Consumer;

/** One timeline row: a text bubble or a voice card, with sender, time and pending/failed marks. */
final class TimelineCell extends ListCell<TimelineItem> {
    private final Messages messages;
    private final Consumer<TimelineItem> toggle;
    private final Consumer<TimelineItem> save;
    private final Map<TimelineItem, Node> built;

    TimelineCell(Messages messages, Consumer<TimelineItem> toggle, Consumer<TimelineItem> save,
                 Map<TimelineItem, Node> built) {
        this.messages = messages;
        this.toggle = toggle;
        this.save = save;
        this.built = built;
    }

    static Map<TimelineItem, Node> cache() {
        return new WeakHashMap<>();
    }

    @Override
    protected void updateItem(TimelineItem item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        setGraphic(empty || item == null ? null : built.computeIfAbsent(item, this::build));
    }

    private Node build(TimelineItem item) {
        Label sender = new Label(item.from());
        sender.getStyleClass().add("sender");
        Label time = new Label();
        time.getStyleClass().add("meta");
        time.textProperty().bind(Bindings.createStringBinding(
                () -> TimeText.clock(item.tsProperty().get(), messages.locale()), item.tsProperty()));
        Label state = new Label();
        state.getStyleClass().add("meta");
        state.textProperty().bind(Bindings.createStringBinding(() -> item.failureProperty().get() != null
                        ? messages.format("message.failed", item.failureProperty().get())
                        : item.pendingProperty().get() ? messages.get("message.pending") : "",
                item.pendingProperty(), item.failureProperty()));
        state.graphicProperty().bind(Bindings.createObjectBinding(() -> item.pendingProperty().get()
                && item.failureProperty().get() == null ? Icons.of(Feather.CLOCK, 12) : null, item.pendingProperty(), item.failureProperty()));
        HBox header = new HBox(8, sender, time, state);
        header.setAlignment(Pos.BASELINE_LEFT);

        Node content;
        if (item.kind() == TimelineItem.Kind.TEXT) {
            Label text = new Label(item.text());
            text.setWrapText(true);
            text.getStyleClass().add("message-text");
            text.setMaxWidth(520);
            javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem(messages.get("message.copy"));
            copy.setOnAction(e -> {
                javafx.scene.input.ClipboardContent c = new javafx.scene.input.ClipboardContent();
                c.putString(item.text());
                javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
            });
            text.setContextMenu(new javafx.scene.control.ContextMenu(copy));
            content = text;
        } else {
            content = new VoiceCard(item, messages, toggle, save);
        }
        VBox bubble = new VBox(2, header, content);
        bubble.getStyleClass().add("bubble");
        if (item.mine()) {
            bubble.getStyleClass().add("mine");
        }
        Runnable marks = () -> {
            bubble.getStyleClass().removeAll("pending", "failed");
            if (item.failureProperty().get() != null) {
                bubble.getStyleClass().add("failed");
            } else if (item.pendingProperty().get()) {
                bubble.getStyleClass().add("pending");
            }
        };
        marks.run();
        item.pendingProperty().addListener((o, a, b) -> marks.run());
        item.failureProperty().addListener((o, a, b) -> marks.run());
        bubble.setMaxWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox row = item.mine() ? new HBox(spacer, bubble) : new HBox(bubble, spacer);
        row.getStyleClass().add(item.kind() == TimelineItem.Kind.TEXT ? "text-row" : "voice-row");
        return row;
    }
}
