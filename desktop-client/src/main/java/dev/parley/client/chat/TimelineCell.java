package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/**
 * One timeline row: a text bubble or a voice card (with who played it under it), with sender, time and
 * pending/failed marks, and under a message that did not get through, why and what can be done. The row's nodes are built once per cell and show whichever
 * item the list puts in it, so a timeline of 10,000 messages has nodes only for the rows on screen. Times and day
 * separators are written again when the day changes.
 */
final class TimelineCell extends ListCell<TimelineItem> {
    /** What the buttons of a row do. */
    record Actions(Consumer<TimelineItem> save, Consumer<String> openLink, Consumer<TimelineItem> dismiss,
                   Consumer<TimelineItem> resend) {
    }

    private static final double MAX_BUBBLE_SHARE = 0.78;

    private final Messages messages;
    private final Stamps stamps;
    private final Label day = new Label();
    private final VBox content = new VBox(4);
    private final Label sender = new Label();
    private final Label time = new Label();
    private final Label state = new Label();
    private final MessageText text;
    private final VoiceCard voice;
    private final UndeliveredLine undelivered;
    private final ReceiptLine receipts;
    private final VBox bubble = new VBox(2);
    private final Region spacer = new Region();
    private final HBox row = new HBox();
    private final Watches watches = new Watches();
    private TimelineItem shown;

    TimelineCell(Messages messages, Stamps stamps, ChatModel model, PlaybackViewModel playback, Actions actions) {
        this.messages = messages;
        this.stamps = stamps;
        this.text = new MessageText(messages, actions.openLink());
        this.voice = new VoiceCard(messages, playback, actions.save());
        this.undelivered = new UndeliveredLine(messages, actions.dismiss(), actions.resend());
        this.receipts = new ReceiptLine(messages, model);
        // the line under a voice card wraps within the card's width instead of widening the bubble
        receipts.maxWidthProperty().bind(voice.widthProperty());
        sender.getStyleClass().add("sender");
        time.getStyleClass().add("meta");
        state.getStyleClass().add("meta");
        HBox header = new HBox(8, sender, time, state);
        header.setAlignment(Pos.BASELINE_LEFT);

        bubble.getChildren().add(header);
        bubble.getStyleClass().add("bubble");
        HBox.setHgrow(spacer, Priority.ALWAYS);
        day.getStyleClass().add("day-separator");
        day.setMaxWidth(Double.MAX_VALUE);
        day.setAlignment(Pos.CENTER);
        content.getChildren().setAll(day, row, undelivered);
        // the list sizes cells to its own width: a cell never asks for more, so the timeline never scrolls sideways
        setPrefWidth(0);
    }

    /** The row's height at the cell's width, so a wrapped message gets all its lines. */
    @Override
    protected double computePrefHeight(double width) {
        if (getGraphic() == null) {
            return super.computePrefHeight(width);
        }
        double w = (width > 0 ? width : getWidth()) - snappedLeftInset() - snappedRightInset();
        return snappedTopInset() + content.prefHeight(Math.max(0, w)) + snappedBottomInset();
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
        daySeparator(item);
        setGraphic(content);
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
            receipts.show(item);
        }
        if (isText) {
            bubble.getChildren().setAll(bubble.getChildren().get(0), text);
        } else {
            bubble.getChildren().setAll(bubble.getChildren().get(0), voice, receipts);
        }
        // a text bubble is as wide as its text, up to most of the timeline's width (longer text wraps inside it);
        // a voice card keeps its own width
        if (isText) {
            bubble.maxWidthProperty().bind(widthProperty().multiply(MAX_BUBBLE_SHARE));
        } else {
            bubble.maxWidthProperty().unbind();
            bubble.setMaxWidth(Region.USE_PREF_SIZE);
        }
        bubble.getStyleClass().removeAll("mine");
        if (item.mine()) {
            bubble.getStyleClass().add("mine");
            row.getChildren().setAll(spacer, bubble);
        } else {
            row.getChildren().setAll(bubble, spacer);
        }
        row.getStyleClass().setAll(isText ? "text-row" : "voice-row");
        Runnable when = () -> {
            time.setText(stamps.time(item.tsProperty().get()));
            daySeparator(item);
        };
        watches.watch(item.tsProperty(), when);
        watches.watch(stamps.todayProperty(), when); // "Today" becomes "Yesterday" at midnight, times get their date
        Runnable marks = () -> marks(item);
        watches.watch(item.pendingProperty(), marks);
        watches.watch(item.failureProperty(), marks);
        if (item.live() != null) {
            watches.watch(item.live().stoppedProperty(), marks);
        }
    }

    /** "Today", "Yesterday" or the date above the first message of each day. */
    private void daySeparator(TimelineItem item) {
        int i = getIndex();
        var items = getListView() == null ? null : getListView().getItems();
        boolean first = items == null || i <= 0 || i >= items.size()
                || !stamps.sameDay(items.get(i - 1).tsProperty().get(), item.tsProperty().get());
        day.setText(first ? stamps.day(item.tsProperty().get()) : "");
        day.setVisible(first);
        day.setManaged(first);
    }

    private void marks(TimelineItem item) {
        boolean failed = item.failureProperty().get() != null;
        boolean pending = item.pendingProperty().get() && !failed;
        state.setText(failed ? messages.get("message.notSent") : pending ? messages.get("message.pending") : "");
        state.setGraphic(pending ? Icons.of(Feather.CLOCK, 12) : null);
        bubble.getStyleClass().removeAll("pending", "failed", "stopped");
        if (failed) {
            bubble.getStyleClass().add("failed");
        } else if (pending) {
            bubble.getStyleClass().add("pending");
        } else if (item.undelivered()) {
            bubble.getStyleClass().add("stopped");
        }
        undelivered.show(item);
    }

    private void release() {
        watches.clear();
        voice.clear();
        receipts.clear();
        undelivered.clear();
        shown = null;
    }
}
