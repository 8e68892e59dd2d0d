package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/**
 * The line under a message that did not get through: why, in plain words, and what the person can do about it:
 * dismiss it, and send it again where that could work. Built once per timeline cell and {@linkplain #show shown}
 * with whichever item the cell holds; hidden for messages that got through.
 */
final class UndeliveredLine extends HBox {
    private final Words words;
    private final Label why = new Label();
    private final Tooltip detail = new Tooltip();
    private final Button dismiss;
    private final Button resend;
    private TimelineItem item;

    UndeliveredLine(Messages messages, Consumer<TimelineItem> onDismiss, Consumer<TimelineItem> onResend) {
        super(8);
        this.words = new Words(messages);
        getStyleClass().add("undelivered");
        setAlignment(Pos.CENTER_LEFT);
        why.setId("undeliveredWhy");
        why.getStyleClass().add("undelivered-why");
        why.setGraphic(Icons.of(Feather.ALERT_CIRCLE, 14));
        why.setWrapText(true);
        why.setMinWidth(0);
        HBox.setHgrow(why, Priority.SOMETIMES);
        detail.setWrapText(true);
        detail.setMaxWidth(420);
        dismiss = button("dismissButton", messages.get("timeline.dismiss"), Feather.X, onDismiss);
        dismiss.setTooltip(new Tooltip(messages.get("timeline.dismiss.tip")));
        resend = button("resendButton", messages.get("timeline.resend"), Feather.REFRESH_CW, onResend);
        resend.managedProperty().bind(resend.visibleProperty());
        managedProperty().bind(visibleProperty());
        getChildren().addAll(why, resend, dismiss);
        setVisible(false);
    }

    private Button button(String id, String text, Feather icon, Consumer<TimelineItem> action) {
        Button b = new Button(text, Icons.of(icon, 12));
        b.setId(id);
        b.getStyleClass().addAll("small", "flat");
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setOnAction(e -> {
            if (item != null) {
                action.accept(item);
            }
        });
        return b;
    }

    /** Shows what {@code shown} needs now: why it did not get through and what can be done, or nothing. */
    void show(TimelineItem shown) {
        item = shown;
        ServerMessage.Error refusal = shown.failureProperty().get();
        AbortReason stopped = shown.live() == null ? null : shown.live().stoppedProperty().get();
        setVisible(refusal != null || stopped != null);
        setAlignment(shown.mine() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        if (refusal != null) {
            why.setText(words.refusal(refusal));
            detail.setText(refusal.message() == null ? refusal.code().wire() : refusal.message());
            why.setTooltip(detail);
        } else if (stopped != null) {
            why.setText(words.stopped(stopped, shown.from()));
            why.setTooltip(null);
        }
        resend.setVisible(shown.resendable());
    }

    /** Lets go of the item shown. */
    void clear() {
        item = null;
        setVisible(false);
    }
}
