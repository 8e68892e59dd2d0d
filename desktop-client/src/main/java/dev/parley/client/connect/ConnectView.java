package dev.parley.client.connect;

import dev.parley.client.discovery.FoundEntry;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.ui.common.FieldErrors;
import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

/** The connect screen, built in code; it binds to {@link ConnectViewModel} and holds no logic. */
public final class ConnectView {
    private final VBox form = new VBox(6);
    private final ScrollPane root = new ScrollPane(form);
    private final Button connect;

    public ConnectView(ConnectViewModel vm, Messages messages, Runnable onConnect) {
        Label title = new Label(messages.get("app.name"), Icons.of(Feather.RADIO, 28));
        title.getStyleClass().add("title");
        Label subtitle = new Label(messages.get("connect.subtitle"));
        subtitle.getStyleClass().add("hint");
        subtitle.setWrapText(true);
        subtitle.setMinHeight(Region.USE_PREF_SIZE);

        TextField relay = new TextField();
        relay.setId("relayField");
        relay.setPromptText(messages.get("connect.relay.prompt"));
        relay.textProperty().bindBidirectional(vm.relayProperty());
        relay.disableProperty().bind(vm.hostProperty());

        ListView<FoundEntry> found = foundList(vm, messages);

        CheckBox host = new CheckBox(messages.get("connect.host"));
        host.setId("hostCheck");
        host.selectedProperty().bindBidirectional(vm.hostProperty());

        TextField nick = new TextField();
        nick.setId("nickField");
        nick.setPromptText(messages.get("connect.nick.prompt"));
        nick.textProperty().bindBidirectional(vm.nickProperty());

        TextField room = new TextField();
        room.setId("roomField");
        room.textProperty().bindBidirectional(vm.roomProperty());

        Label roomPreview = new Label();
        roomPreview.setId("roomPreview");
        roomPreview.getStyleClass().add("hint");
        roomPreview.setWrapText(true);
        roomPreview.setMinHeight(Region.USE_PREF_SIZE);
        roomPreview.textProperty().bind(vm.roomPreviewProperty());
        roomPreview.visibleProperty().bind(roomPreview.textProperty().isNotEmpty());
        roomPreview.managedProperty().bind(roomPreview.visibleProperty());

        PasswordField password = new PasswordField();
        password.setId("passwordField");
        password.setPromptText(messages.get("connect.password.prompt"));
        password.textProperty().bindBidirectional(vm.passwordProperty());

        connect = new Button(messages.get("connect.button"), Icons.of(Feather.LOG_IN));
        connect.setId("connectButton");
        connect.setDefaultButton(true);
        connect.disableProperty().bind(vm.busyProperty());
        connect.setMaxWidth(Double.MAX_VALUE);
        connect.setOnAction(e -> onConnect.run());

        Label progress = new Label();
        progress.setId("connectProgress");
        progress.getStyleClass().add("hint");
        progress.textProperty().bind(vm.progressProperty());
        Label problem = new Label();
        problem.setId("connectProblem");
        problem.getStyleClass().add("field-error");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        progress.setWrapText(true);
        progress.setMinHeight(Region.USE_PREF_SIZE);
        problem.textProperty().bind(vm.problemProperty());

        form.getChildren().addAll(title, subtitle,
                label(messages.get("connect.relay"), relay), relay, FieldErrors.under(relay, vm.relayErrorProperty(), "relayError"),
                label(messages.get("discovery.title"), found), found,
                host,
                label(messages.get("connect.nick"), nick), nick, FieldErrors.under(nick, vm.nickErrorProperty(), "nickError"),
                label(messages.get("connect.room"), room), room, FieldErrors.under(room, vm.roomErrorProperty(), "roomError"),
                roomPreview,
                label(messages.get("connect.password"), password), password,
                connect, progress, problem);
        form.setPadding(new Insets(24));
        form.setAlignment(Pos.TOP_LEFT);
        form.setMaxWidth(480);
        form.setPrefWidth(420);
        // on a small screen the form scrolls rather than hiding the Connect button below the window's edge
        root.setFitToWidth(true);
        root.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        root.getStyleClass().add("edge-to-edge");
    }

    /** The relays on the network; clicking one (or Enter on it) fills in its address. */
    private static ListView<FoundEntry> foundList(ConnectViewModel vm, Messages messages) {
        ListView<FoundEntry> list = new ListView<>(vm.found().entries());
        list.setId("foundRelays");
        list.setPrefHeight(126);
        list.setMinHeight(64);
        list.setCellFactory(l -> {
            FoundRelayCell cell = new FoundRelayCell(vm.found());
            cell.setOnMouseClicked(e -> {
                if (!cell.isEmpty()) {
                    vm.choose(cell.getItem());
                }
            });
            return cell;
        });
        list.setOnKeyPressed(e -> {
            FoundEntry selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE)) {
                vm.choose(selected);
            }
        });
        // a typed address that is not the selected relay's: nothing in the list is chosen any more
        vm.relayProperty().addListener((o, a, typed) -> {
            FoundEntry selected = list.getSelectionModel().getSelectedItem();
            if (selected != null && !RelayAddress.parse(typed).map(selected::has).orElse(false)) {
                list.getSelectionModel().clearSelection();
            }
        });
        Label hint = new Label();
        hint.setId("foundHint");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.textProperty().bind(vm.found().hintProperty());
        list.setPlaceholder(hint);
        list.setTooltip(new Tooltip(messages.get("discovery.tip")));
        list.disableProperty().bind(vm.hostProperty());
        return list;
    }

    private static Label label(String text, javafx.scene.Node field) {
        Label l = new Label(text);
        l.setLabelFor(field);
        l.setPadding(new Insets(6, 0, 0, 0));
        return l;
    }

    public Parent root() {
        return root;
    }

    /** Puts the keyboard in the first empty field. */
    public void focusFirstEmpty() {
        for (javafx.scene.Node n : form.getChildren()) {
            if (n instanceof TextField f && !f.isDisabled() && f.getText().isEmpty()) {
                f.requestFocus();
                return;
            }
        }
        connect.requestFocus();
    }
}
