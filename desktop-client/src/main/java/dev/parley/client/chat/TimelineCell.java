package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/**
 * One timeline row: a text bubble or a voice card, with sender, time and pending/failed marks. The row's nodes are
 * built once per cell and show whichever item the list puts in it, so a timeline of 10,000 messages has nodes
 * only for the rows on screen.
 */
final class TimelineCell extends ListCell<TimelineItem> {
    private final Messages messages;
    private final Label sender = new Label();
    private final Label time = new Label();
    private final Label state = new Label();
    private final Label text = new Label();
    private final VoiceCard voice;
    private final VBox bubble = new VBox(2);
    private final Region spacer = new Region();
    private final HBox row = new HBox();
    private final Watches watches = new Watches();
    private TimelineItem shown;

    TimelineCell(Messages messages, PlaybackViewModel playback, Consumer<TimelineItem> save) {
        this.messages = messages;
        this.voice = new VoiceCard(messages, playback, save);
        sender.getStyleClass().add("sender");
        time.getStyleClass().add("meta");
        state.getStyleClass().add("meta");
        HBox header = new HBox(8, sender, time, state);
        header.setAlignment(Pos.BASELINE_LEFT);

        text.setWrapText(true);
        text.getStyleClass().add("message-text");
        text.setMaxWidth(520);
        MenuItem copy = new MenuItem(messages.get("message.copy"));
        copy.setOnAction(e -> {
            ClipboardContent c = new ClipboardContent();
            c.putString(text.getText());
            Clipboard.getSystemClipboard().setContent(c);
        });
        text.setContextMenu(new ContextMenu(copy));

        bubble.getChildren().add(header);
        bubble.getStyleClass().add("bubble");
        bubble.setMaxWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(spacer, Priority.ALWAYS);
    }

    @Override
    protected void updateItem(TimelineItem item, boolean empty) {
        super.updateItem(item, empty);
        setText(null);
        if (empty || item == null) {
            release();
            setGraphic(null);
            return;
        }
        if (item != shown) {
            show(item);
        }
        setGraphic(row);
    }

    private void show(TimelineItem item) {
        release();
        shown = item;
        sender.setText(item.from());
        boolean isText = item.kind() == TimelineItem.Kind.TEXT;
        if (isText) {
            text.setText(item.text());
        } else {
            voice.show(item);
        }
        bubble.getChildren().setAll(bubble.getChildren().get(0), isText ? text : voice);
        bubble.getStyleClass().removeAll("mine");
        if (item.mine()) {
            bubble.getStyleClass().add("mine");
            row.getChildren().setAll(spacer, bubble);
        } else {
            row.getChildren().setAll(bubble, spacer);
        }
        row.getStyleClass().setAll(isText ? "text-row" : "voice-row");
        watches.watch(item.tsProperty(), () -> time.setText(TimeText.clock(item.tsProperty().get(), messages.locale())));
        Runnable marks = () -> marks(item);
        watches.watch(item.pendingProperty(), marks);
        watches.watch(item.failureProperty(), marks);
    }

    private void marks(TimelineItem item) {
        String failure = item.failureProperty().get();
        boolean pending = item.pendingProperty().get();
        state.setText(failure != null ? messages.format("message.failed", failure)
                : pending ? messages.get("message.pending") : "");
        state.setGraphic(pending && failure == null ? Icons.of(Feather.CLOCK, 12) : null);
        bubble.getStyleClass().removeAll("pending", "failed");
        if (failure != null) {
            bubble.getStyleClass().add("failed");
        } else if (pending) {
            bubble.getStyleClass().add("pending");
        }
    }

    private void release() {
        watches.clear();
        voice.clear();
        shown = null;
    }
}
