package dev.parley.client.settings;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Slider;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.kordamp.ikonli.feather.Feather;

import java.util.List;

/** The settings dialog: devices, microphone test, auto-play, played receipts, push-to-talk key, theme, language. */
public final class SettingsView {
    private final SettingsViewModel vm;
    private final Messages messages;

    private final javafx.scene.Node trustedRelays;

    public SettingsView(SettingsViewModel vm, Messages messages) {
        this(vm, messages, null);
    }

    /** @param trustedRelays the remembered relays with "Forget", shown at the end, or {@code null} */
    public SettingsView(SettingsViewModel vm, Messages messages, javafx.scene.Node trustedRelays) {
        this.vm = vm;
        this.messages = messages;
        this.trustedRelays = trustedRelays;
    }

    /** Shows the dialog; {@code onApplied} runs after OK saved the choices. */
    public void show(Window owner, Runnable onApplied) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(messages.get("settings.title"));
        dialog.getDialogPane().setId("settingsDialog");
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);

        ComboBox<String> input = devices(vm.inputs(), "inputDevice");
        input.valueProperty().bindBidirectional(vm.inputProperty());
        ComboBox<String> output = devices(vm.outputs(), "outputDevice");
        output.valueProperty().bindBidirectional(vm.outputProperty());
        Label note = new Label();
        note.setId("deviceNote");
        note.getStyleClass().add("field-error");
        note.setWrapText(true);
        note.textProperty().bind(vm.deviceNoteProperty());
        note.managedProperty().bind(note.textProperty().isNotEmpty());
        note.visibleProperty().bind(note.managedProperty());
        Label hint = new Label();
        hint.setId("deviceHint");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.setMaxWidth(420);
        hint.textProperty().bind(vm.deviceHintProperty());
        hint.managedProperty().bind(hint.textProperty().isNotEmpty());
        hint.visibleProperty().bind(hint.managedProperty());

        Button test = new Button(messages.get("settings.micTest"), Icons.of(Feather.MIC));
        test.setId("micTestButton");
        test.setOnAction(e -> vm.toggleMicTest());
        ProgressBar level = new ProgressBar();
        level.setId("micTestLevel");
        level.progressProperty().bind(vm.testLevelProperty());
        level.setPrefWidth(180);

        CheckBox auto = new CheckBox(messages.get("chat.autoPlay.tip"));
        auto.selectedProperty().bindBidirectional(vm.autoPlayProperty());

        CheckBox receipts = new CheckBox(messages.get("settings.receipts"));
        receipts.setId("tellPlayedCheck");
        receipts.selectedProperty().bindBidirectional(vm.tellPlayedProperty());
        Label receiptsHint = new Label(messages.get("settings.receipts.hint"));
        receiptsHint.getStyleClass().addAll("hint", "check-hint"); // under the box's text, not the box
        receiptsHint.setWrapText(true);
        receiptsHint.setMaxWidth(420);

        Button key = new Button();
        key.setId("pttKeyButton");
        key.textProperty().bind(vm.pushToTalkKeyProperty());
        key.setOnAction(e -> {
            key.textProperty().unbind();
            key.setText(messages.get("settings.pttKey.press"));
        });
        key.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (!key.textProperty().isBound() && e.getCode() != null && !e.getCode().isModifierKey()) {
                e.consume();
                vm.pushToTalkKeyProperty().set(e.getCode().name());
                key.textProperty().bind(vm.pushToTalkKeyProperty());
            }
        });

        Slider tail = new Slider(0, Settings.MAX_RELEASE_TAIL_MILLIS, 0);
        tail.setId("releaseTailSlider");
        tail.setMajorTickUnit(250);
        tail.setMinorTickCount(4);
        tail.setBlockIncrement(50);
        tail.setSnapToTicks(true);
        tail.setShowTickMarks(true);
        tail.setPrefWidth(180);
        tail.valueProperty().bindBidirectional(vm.releaseTailMillisProperty());
        Label tailValue = new Label();
        tailValue.setId("releaseTailValue");
        tailValue.textProperty().bind(Bindings.createStringBinding(
                () -> messages.format("settings.releaseTail.value", Integer.toString(vm.releaseTailMillisProperty().get())),
                vm.releaseTailMillisProperty()));
        tailValue.setMinWidth(Region.USE_PREF_SIZE);
        Label tailHint = new Label(messages.get("settings.releaseTail.hint"));
        tailHint.getStyleClass().add("hint");
        tailHint.setWrapText(true);
        tailHint.setMaxWidth(420);

        CheckBox global = new CheckBox(messages.get("settings.pttKey.global"));
        global.setId("globalPttCheck");
        global.selectedProperty().bindBidirectional(vm.globalPushToTalkProperty());
        Label globalNote = new Label();
        globalNote.setId("globalPttNote");
        globalNote.getStyleClass().add("hint");
        globalNote.setWrapText(true);
        globalNote.textProperty().bind(vm.globalPushToTalkNoteProperty());
        globalNote.managedProperty().bind(globalNote.textProperty().isNotEmpty());
        globalNote.visibleProperty().bind(globalNote.managedProperty());

        ChoiceBox<Theme> theme = new ChoiceBox<>();
        theme.getItems().setAll(Theme.values());
        theme.setConverter(converter(t -> messages.get("settings.theme." + t.name().toLowerCase(java.util.Locale.ROOT))));
        theme.valueProperty().bindBidirectional(vm.themeProperty());

        ChoiceBox<String> language = new ChoiceBox<>();
        language.getItems().setAll(List.of("", "en", "zh-CN"));
        language.setConverter(converter(l -> messages.get(l.isEmpty() ? "settings.language.system"
                : "settings.language." + l)));
        language.valueProperty().bindBidirectional(vm.languageProperty());

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        int row = 0;
        grid.addRow(row++, new Label(messages.get("settings.input")), input);
        grid.addRow(row++, new Label(messages.get("settings.output")), output);
        grid.add(note, 0, row++, 2, 1);
        grid.add(hint, 0, row++, 2, 1);
        grid.addRow(row++, new Label(messages.get("settings.micTest.label")), new HBox(8, test, level));
        grid.add(auto, 0, row++, 2, 1);
        grid.add(receipts, 0, row++, 2, 1);
        grid.add(receiptsHint, 0, row++, 2, 1);
        grid.addRow(row++, new Label(messages.get("settings.pttKey")), key);
        grid.add(global, 1, row++);
        grid.add(globalNote, 1, row++);
        Label tailLabel = new Label(messages.get("settings.releaseTail"));
        tailLabel.setMinWidth(Region.USE_PREF_SIZE); // the label column takes the room it needs, the slider shrinks
        grid.addRow(row++, tailLabel, new HBox(8, tail, tailValue));
        grid.add(tailHint, 1, row++);
        grid.addRow(row++, new Label(messages.get("settings.theme")), theme);
        grid.addRow(row++, new Label(messages.get("settings.language")), language);
        Label restart = new Label(messages.get("settings.language.restart"));
        restart.getStyleClass().add("hint");
        grid.add(restart, 0, row++, 2, 1);
        if (trustedRelays != null) {
            grid.add(new Label(messages.get("settings.trusted")), 0, row);
            grid.add(trustedRelays, 1, row);
        }
        dialog.getDialogPane().setContent(grid);
        dialog.setOnHidden(e -> {
            vm.stopMicTest();
            if (dialog.getResult() == ButtonType.OK) {
                vm.apply();
                onApplied.run();
            }
        });
        dialog.show();
    }

    private ComboBox<String> devices(javafx.collections.ObservableList<String> names, String id) {
        ComboBox<String> box = new ComboBox<>(names);
        box.setId(id);
        box.setConverter(converter(vm::label));
        box.setPrefWidth(280);
        return box;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> show) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : show.apply(value);
            }

            @Override
            public T fromString(String s) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }
}
