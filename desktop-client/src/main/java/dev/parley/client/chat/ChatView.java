package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.QrImages;
import javafx.scene.image.ImageView;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/** The main window: members, timeline, activity line, text box, push-to-talk, status line. Binds, holds no logic. */
public final class ChatView {
    private final BorderPane root = new BorderPane();
    private final ChatViewModel chat;
    private final PushToTalkViewModel ptt;
    private final StringProperty pttKey;
    private final ListView<TimelineItem> timeline = new ListView<>();
    private final TextArea composer = new TextArea();
    /** Below this width the buttons show icons only (their tooltips still say what they do). */
    static final double COMPACT_WIDTH = 760;
    private ToggleButton auto;
    private Button talk;
    private ListView<Member> members;

    /** What the window's buttons and links do, outside this view. */
    public record Actions(Runnable openSettings, Consumer<TimelineItem> save, Consumer<String> openLink,
                          Runnable leave, Runnable retryNow) {
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

    public ChatView(ChatViewModel chat, PushToTalkViewModel ptt, PlaybackViewModel playback, Messages messages,
                    Stamps stamps, BooleanProperty autoPlay, StringProperty pttKey, ObservableStringValue hostedInfo,
                    ObservableStringValue hostedLink, Actions actions) {
        this.chat = chat;
        this.ptt = ptt;
        this.pttKey = pttKey;

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
        Button settings = new Button(null, Icons.of(Feather.SETTINGS));
        settings.setId("settingsButton");
        settings.setTooltip(new Tooltip(messages.get("settings.title")));
        settings.setAccessibleText(messages.get("settings.title"));
        settings.setOnAction(e -> actions.openSettings().run());
        Button leave = new Button(null, Icons.of(Feather.LOG_OUT));
        leave.setId("leaveButton");
        leave.setTooltip(new Tooltip(messages.get("chat.leave")));
        leave.setAccessibleText(messages.get("chat.leave"));
        leave.setOnAction(e -> actions.leave().run());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox top = new HBox(12, room, status, retry, grow, auto, settings, leave);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(4, top, hostedRow(hosted, hostedLink, messages));
        header.setPadding(new Insets(8, 12, 8, 12));
        root.setTop(header);

        members = new ListView<>(chat.model().members());
        members.setId("members");
        members.setCellFactory(l -> new MemberCell(messages));
        members.setPrefWidth(190);
        root.setLeft(members);

        timeline.setId("timeline");
        timeline.getStyleClass().add("timeline");
        timeline.setItems(chat.model().timeline());
        TimelineCell.Actions rows = new TimelineCell.Actions(actions.save(), actions.openLink(), chat::dismiss,
                chat::resend);
        timeline.setCellFactory(l -> new TimelineCell(messages, stamps, playback, rows));
        chat.nowProperty().addListener((o, was, now) -> stamps.refresh()); // past midnight, rows write times again
        timeline.setPlaceholder(new Label(messages.get("chat.empty")));
        TimelineScroller scroller = new TimelineScroller(timeline, messages, chat::scrolledToTop);
        Label activity = new Label();
        activity.setId("activityLine");
        activity.getStyleClass().add("activity-line");
        activity.textProperty().bind(chat.activityProperty());
        activity.setMinHeight(Region.USE_PREF_SIZE);
        Label notice = new Label();
        notice.setId("noticeLine");
        notice.getStyleClass().add("notice-line");
        notice.setWrapText(true);
        notice.setMinHeight(Region.USE_PREF_SIZE);
        notice.textProperty().bind(chat.noticeProperty());
        notice.visibleProperty().bind(notice.textProperty().isNotEmpty());
        notice.managedProperty().bind(notice.visibleProperty());
        VBox center = new VBox(4, scroller.root(), activity, notice);
        VBox.setVgrow(scroller.root(), Priority.ALWAYS);
        center.setPadding(new Insets(0, 8, 0, 8));
        root.setCenter(center);

        root.setBottom(composer(messages));
        root.widthProperty().addListener((o, a, w) -> compact(w.doubleValue() < COMPACT_WIDTH));
        root.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                installKeys(scene);
            }
        });
    }

    private Node composer(Messages messages) {
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

        talk = new Button(null, Icons.of(Feather.MIC, 22));
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
        why.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
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

        HBox bar = new HBox(8, composer, send, new javafx.scene.control.Separator(Orientation.VERTICAL), talkBox);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 12, 12, 12));
        return bar;
    }

    /** A narrow window: icon-only buttons and a narrower member list, so nothing is cut with "…". */
    private void compact(boolean on) {
        javafx.scene.control.ContentDisplay display = on ? javafx.scene.control.ContentDisplay.GRAPHIC_ONLY
                : javafx.scene.control.ContentDisplay.LEFT;
        auto.setContentDisplay(display);
        talk.setContentDisplay(display);
        talk.pseudoClassStateChanged(COMPACT, on);
        members.setPrefWidth(on ? 140 : 190);
        members.refresh(); // badges show text or icons only by the list's width
    }

    private static final javafx.css.PseudoClass COMPACT = javafx.css.PseudoClass.getPseudoClass("compact");

    private void installKeys(Scene scene) {
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

    public Parent root() {
        return root;
    }

    /** Puts the keyboard in the text box. */
    public void focusComposer() {
        composer.requestFocus();
    }

    /** The timeline list (for scrolling to the top). */
    public ListView<TimelineItem> timeline() {
        return timeline;
    }
}
