package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.QrImages;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/**
 * The top of the main window: the room's name, the connection's status line with "Retry now", the hosted relay's
 * line with its QR code, and the buttons for auto-play, settings and leaving. Binds, holds no logic.
 */
final class ChatHeader {
    private final VBox root;
    private final ToggleButton auto;

    ChatHeader(ChatViewModel chat, Messages messages, BooleanProperty autoPlay, ObservableStringValue hostedInfo,
               ObservableStringValue hostedLink, ChatView.Actions actions) {
        Label room = new Label();
        room.getStyleClass().add("title");
        room.textProperty().bind(Bindings.concat("# ", chat.model().roomProperty()));
        room.setId("roomTitle");
        room.setMinWidth(Region.USE_PREF_SIZE); // the room's name is never cut: the status line gives way
        Label status = new Label();
        status.setId("statusLine");
        status.getStyleClass().add("status-line");
        status.textProperty().bind(chat.statusLineProperty());
        status.setWrapText(true);
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.SOMETIMES);
        Button retry = new Button(messages.get("status.retryNow"), Icons.of(Feather.REFRESH_CW));
        retry.setId("retryButton");
        retry.getStyleClass().add("small");
        retry.setOnAction(e -> actions.retryNow().run());
        retry.visibleProperty().bind(chat.reconnectingProperty());
        retry.managedProperty().bind(retry.visibleProperty());
        retry.setMinWidth(Region.USE_PREF_SIZE);
        Label hosted = new Label();
        hosted.setId("hostedInfo");
        hosted.getStyleClass().add("hint");
        hosted.setWrapText(true);
        hosted.textProperty().bind(hostedInfo);
        hosted.visibleProperty().bind(hosted.textProperty().isNotEmpty());
        hosted.managedProperty().bind(hosted.visibleProperty());
        auto = new ToggleButton(messages.get("chat.autoPlay"), Icons.of(Feather.RADIO));
        auto.setId("autoPlayToggle");
        auto.setAccessibleText(messages.get("chat.autoPlay"));
        auto.setTooltip(new Tooltip(messages.get("chat.autoPlay.tip")));
        auto.selectedProperty().bindBidirectional(autoPlay);
        Button settings = iconButton("settingsButton", Feather.SETTINGS, messages.get("settings.title"),
                actions.openSettings());
        Button leave = iconButton("leaveButton", Feather.LOG_OUT, messages.get("chat.leave"), actions.leave());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(12, room, status, retry, grow, auto, settings, leave);
        top.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(4, top, hostedRow(hosted, hostedLink, messages));
        root.setPadding(new Insets(8, 12, 8, 12));
    }

    private static Button iconButton(String id, Feather icon, String text, Runnable action) {
        Button b = new Button(null, Icons.of(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(text));
        b.setAccessibleText(text);
        b.setOnAction(e -> action.run());
        return b;
    }

    /**
     * The hosted relay's line, with a toggle that shows a QR code of the web client's link (and what to compare when the
     * phone's browser warns about the certificate).
     */
    private static Node hostedRow(Label hosted, ObservableStringValue link, Messages messages) {
        ImageView code = new ImageView();
        code.setId("hostedQr");
        code.setSmooth(false);
        Label hint = new Label(messages.get("chat.hostedQr.hint"));
        hint.setWrapText(true);
        hint.setMaxWidth(420);
        hint.getStyleClass().add("hint");
        HBox pane = new HBox(12, code, hint);
        pane.setId("hostedQrPane");
        pane.setAlignment(Pos.CENTER_LEFT);
        ToggleButton show = new ToggleButton(messages.get("chat.hostedQr"), Icons.of(Feather.SMARTPHONE));
        show.setId("hostedQrButton");
        show.getStyleClass().add("small");
        show.setTooltip(new Tooltip(messages.get("chat.hostedQr.tip")));
        show.setAccessibleText(messages.get("chat.hostedQr.tip"));
        show.setMinWidth(Region.USE_PREF_SIZE);
        show.visibleProperty().bind(Bindings.createBooleanBinding(() -> !link.get().isEmpty(), link));
        show.managedProperty().bind(show.visibleProperty());
        pane.visibleProperty().bind(show.selectedProperty().and(show.visibleProperty()));
        pane.managedProperty().bind(pane.visibleProperty());
        Runnable draw = () -> code.setImage(link.get().isEmpty() ? null : QrImages.of(link.get(), 4));
        link.addListener((o, a, b) -> draw.run());
        draw.run();
        HBox line = new HBox(8, hosted, show);
        line.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(hosted, Priority.ALWAYS);
        VBox row = new VBox(6, line, pane);
        row.visibleProperty().bind(hosted.visibleProperty());
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    VBox root() {
        return root;
    }

    /** A narrow window: the auto-play toggle shows its icon only. */
    void compact(boolean on) {
        auto.setContentDisplay(on ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT);
    }
}
