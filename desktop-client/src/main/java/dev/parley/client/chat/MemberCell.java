package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.TypingState;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;

/** A member: online dot, nick, "(you)", and a typing or recording badge. */
final class MemberCell extends ListCell<Member> {
    private final Messages messages;
    private Member shown;
    private final ChangeListener<Object> refresh = (o, a, b) -> render();

    MemberCell(Messages messages) {
        this.messages = messages;
        setPrefWidth(0); // as wide as the list, never wider: no sideways scrolling
    }

    /** Below this list width a typing or recording badge shows its icon only (the text is in its tooltip). */
    private static final double BADGE_TEXT_MIN_LIST_WIDTH = 170;

    @Override
    protected void updateItem(Member member, boolean empty) {
        super.updateItem(member, empty);
        if (shown != null) {
            shown.activityProperty().removeListener(refresh);
            shown.onlineProperty().removeListener(refresh);
        }
        shown = empty ? null : member;
        if (shown != null) {
            shown.activityProperty().addListener(refresh);
            shown.onlineProperty().addListener(refresh);
        }
        render();
    }

    private void render() {
        setText(null);
        if (shown == null) {
            setGraphic(null);
            return;
        }
        Label nick = new Label(shown.me() ? messages.format("members.you", shown.nick()) : shown.nick(),
                Icons.of(Feather.USER, 14));
        boolean isOnline = shown.onlineProperty().get();
        javafx.scene.shape.Circle online = new javafx.scene.shape.Circle(4);
        online.getStyleClass().add(isOnline ? "online-dot" : "offline-dot");
        online.setId(isOnline ? null : "offlineDot");
        Tooltip.install(online, new Tooltip(messages.get(isOnline ? "members.online" : "members.unknown")));
        if (!isOnline) {
            nick.getStyleClass().add("member-offline");
            nick.setTooltip(new Tooltip(messages.get("members.unknown")));
        }
        HBox box = new HBox(6, online, nick);
        box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        TypingState s = shown.activityProperty().get();
        if (s != TypingState.IDLE) {
            Label badge = new Label(messages.get(s == TypingState.RECORDING ? "members.recording" : "members.typing"),
                    Icons.of(s == TypingState.RECORDING ? Feather.MIC : Feather.EDIT_3, 12));
            badge.getStyleClass().add("badge");
            badge.setMinWidth(Region.USE_PREF_SIZE);
            badge.setTooltip(new Tooltip(badge.getText()));
            if (getListView() != null && getListView().getWidth() < BADGE_TEXT_MIN_LIST_WIDTH) {
                badge.setContentDisplay(javafx.scene.control.ContentDisplay.GRAPHIC_ONLY);
            }
            badge.setId(s == TypingState.RECORDING ? "recordingBadge" : "typingBadge");
            box.getChildren().add(badge);
        }
        setGraphic(box);
    }
}
