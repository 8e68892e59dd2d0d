package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.beans.binding.Bindings;
import javafx.beans.property.StringProperty;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextAlignment;
import org.kordamp.ikonli.feather.Feather;

/**
 * The bottom of the main window: the text box (Enter sends, Shift+Enter breaks the line) with its send button, and
 * the push-to-talk button with its timer and level meter, held with the mouse or with the push-to-talk key while
 * the window has focus. Binds and forwards, holds no logic.
 */
final class ComposerBar {
    private static final PseudoClass COMPACT = PseudoClass.getPseudoClass("compact");

    private final ChatViewModel chat;
    private final PushToTalkViewModel ptt;
    private final StringProperty pttKey;
    private final TextArea composer = new TextArea();
    private final Button talk = new Button(null, Icons.of(Feather.MIC, 22));
    private final Node root;

    ComposerBar(ChatViewModel chat, PushToTalkViewModel ptt, StringProperty pttKey, Messages messages) {
        this.chat = chat;
        this.ptt = ptt;
        this.pttKey = pttKey;
        this.root = bar(messages);
    }

    private Node bar(Messages messages) {
        composer.setId("composer");
        composer.setPromptText(messages.get("chat.compose.prompt"));
        composer.setPrefRowCount(2);
        composer.setWrapText(true);
        composer.textProperty().bindBidirectional(chat.draftProperty());
        composer.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER) {
                e.consume();
                if (e.isShiftDown()) {
                    composer.insertText(composer.getCaretPosition(), "\n");
                } else {
                    chat.send();
                }
            }
        });
        composer.addEventHandler(KeyEvent.KEY_TYPED, e -> chat.edited());
        HBox.setHgrow(composer, Priority.ALWAYS);
        Button send = new Button(null, Icons.of(Feather.SEND));
        send.setId("sendButton");
        send.setTooltip(new Tooltip(messages.get("chat.send")));
        send.setAccessibleText(messages.get("chat.send"));
        send.setOnAction(e -> chat.send());
        send.disableProperty().bind(chat.draftProperty().isEmpty());

        talk.setId("pttButton");
        talk.textProperty().bind(Bindings.when(ptt.recordingProperty())
                .then(messages.get("ptt.button.recording")).otherwise(messages.get("ptt.button")));
        talk.setAccessibleText(messages.get("ptt.button"));
        talk.getStyleClass().add("ptt-button");
        talk.setFocusTraversable(false);
        talk.disableProperty().bind(ptt.availableProperty().not());
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(Bindings.when(ptt.availableProperty())
                .then(Bindings.createStringBinding(() -> messages.format("ptt.tip", pttKey.get()), pttKey))
                .otherwise(Bindings.createStringBinding(
                        () -> messages.get(PushToTalkViewModel.noMicrophoneKey(ptt.hasSpeaker())),
                        ptt.availableProperty())));
        talk.setTooltip(tip);
        // a disabled button shows no tooltip: say why beside it too
        Label why = new Label(messages.get("ptt.noMicrophone.short"));
        why.setId("pttUnavailable");
        why.setWrapText(true);
        why.setMaxWidth(110);
        why.setMinHeight(Region.USE_PREF_SIZE);
        why.setTextAlignment(TextAlignment.CENTER);
        why.getStyleClass().add("hint");
        why.visibleProperty().bind(ptt.availableProperty().not());
        why.managedProperty().bind(why.visibleProperty());
        talk.setOnMousePressed(e -> ptt.press());
        talk.setOnMouseReleased(e -> {
            if (talk.contains(e.getX(), e.getY())) {
                ptt.release();
            } else {
                ptt.cancel();
            }
        });
        ptt.recordingProperty().addListener((o, a, rec) -> {
            talk.getStyleClass().remove("recording");
            if (rec) {
                talk.getStyleClass().add("recording");
            }
        });
        Label timer = new Label();
        timer.setId("pttTimer");
        timer.textProperty().bind(Bindings.createStringBinding(() -> TimeText.duration(ptt.elapsedMillisProperty().get()),
                ptt.elapsedMillisProperty()));
        timer.visibleProperty().bind(ptt.recordingProperty());
        ProgressBar level = new ProgressBar();
        level.setId("pttLevel");
        level.progressProperty().bind(ptt.levelProperty());
        level.visibleProperty().bind(ptt.recordingProperty());
        level.setPrefWidth(120);
        VBox talkBox = new VBox(4, talk, why, new HBox(6, timer, level));
        talkBox.setAlignment(Pos.CENTER);
        talkBox.setMinWidth(Region.USE_PREF_SIZE); // the text box gives way, not the button's words

        HBox bar = new HBox(8, composer, send, new Separator(Orientation.VERTICAL), talkBox);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 12, 12));
        return bar;
    }

    Node root() {
        return root;
    }

    /** Puts the keyboard in the text box. */
    void focus() {
        composer.requestFocus();
    }

    /** A narrow window: the push-to-talk button shows its icon only. */
    void compact(boolean on) {
        talk.setContentDisplay(on ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT);
        talk.pseudoClassStateChanged(COMPACT, on);
    }

    /** The push-to-talk key, and Escape to cancel a recording, anywhere in the window. */
    void installKeys(Scene scene) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (isPttKey(e.getCode())) {
                e.consume();
                ptt.press();
            } else if (e.getCode() == KeyCode.ESCAPE && ptt.recordingProperty().get()) {
                e.consume();
                ptt.cancel();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> {
            if (isPttKey(e.getCode())) {
                e.consume();
                ptt.release();
            }
        });
    }

    private boolean isPttKey(KeyCode code) {
        try {
            return code == KeyCode.valueOf(pttKey.get());
        } catch (IllegalArgumentException e) {
            return code == KeyCode.F8;
        }
    }

}
