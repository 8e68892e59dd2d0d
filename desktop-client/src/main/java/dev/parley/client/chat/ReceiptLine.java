package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;

import java.util.List;

/**
 * The line under a stored voice card that says who played it ({@link ReceiptWords}): "Played by alice, bob" on
 * someone else's, "Heard by 2 of 5 here" on one's own, every name in its tooltip and accessible text. Follows the
 * item's receipts, the room's members and the session (nothing below protocol 3), so it changes as they do. Built
 * once per timeline cell and {@linkplain #show shown} with whichever item the cell holds. Nicks go in as text only.
 */
final class ReceiptLine extends Label {
    private final ReceiptWords words;
    private final ChatModel model;
    private final Tooltip names = new Tooltip();
    private final Watches watches = new Watches();

    ReceiptLine(Messages messages, ChatModel model) {
        this.words = new ReceiptWords(messages);
        this.model = model;
        getStyleClass().addAll("meta", "receipt-line");
        setWrapText(true);
        setMinWidth(0);
        names.setWrapText(true);
        names.setMaxWidth(420);
        managedProperty().bind(visibleProperty());
        setVisible(false);
    }

    /** Shows what {@code shown} has to say about its receipts, now and as it changes; nothing for other kinds. */
    void show(TimelineItem shown) {
        clear();
        if (shown.kind() != TimelineItem.Kind.VOICE || shown.live() != null) {
            return;
        }
        Runnable refresh = () -> refresh(shown);
        watches.watch(shown.playersProperty(), refresh);
        watches.watch(shown.seqProperty(), refresh); // an own message says something once it is stored
        watches.watch(model.receiptsProperty(), refresh);
        watches.watch(model.nickProperty(), refresh);
        watches.watch(model.members(), refresh);
    }

    private void refresh(TimelineItem item) {
        ReceiptWords.Line line = item.seq() > 0 && model.receiptsProperty().get()
                ? words.line(item.mine(), item.playersProperty().get(), nicks(), model.nickProperty().get())
                : null;
        setVisible(line != null);
        setText(line == null ? "" : line.text());
        setAccessibleText(line == null ? null : line.full());
        names.setText(line == null ? "" : line.full());
        setTooltip(line == null ? null : names);
    }

    private List<String> nicks() {
        return model.members().stream().map(Member::nick).toList();
    }

    /** Lets go of the item shown. */
    void clear() {
        watches.clear();
        setVisible(false);
        setText("");
        setTooltip(null);
    }
}
