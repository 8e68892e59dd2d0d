package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.function.Consumer;

/**
 * The main window: the {@link ChatHeader} on top, members on the left, the timeline with the activity and notice
 * lines under it, the {@link ComposerBar} at the bottom. Binds, holds no logic.
 */
public final class ChatView {
    /** Below this width the buttons show icons only (their tooltips still say what they do). */
    static final double COMPACT_WIDTH = 760;

    private final BorderPane root = new BorderPane();
    private final ListView<TimelineItem> timeline = new ListView<>();
    private final ListView<Member> members;
    private final ChatHeader header;
    private final ComposerBar composer;

    /** What the window's buttons and links do, outside this view. */
    public record Actions(Runnable openSettings, Consumer<TimelineItem> save, Consumer<String> openLink,
                          Runnable leave, Runnable retryNow) {
    }

    public ChatView(ChatViewModel chat, PushToTalkViewModel ptt, PlaybackViewModel playback, Messages messages,
                    Stamps stamps, BooleanProperty autoPlay, StringProperty pttKey, ObservableStringValue hostedInfo,
                    ObservableStringValue hostedLink, Actions actions) {
        header = new ChatHeader(chat, messages, autoPlay, hostedInfo, hostedLink, actions);
        root.setTop(header.root());

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
        timeline.setCellFactory(l -> new TimelineCell(messages, stamps, chat.model(), playback, rows));
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

        composer = new ComposerBar(chat, ptt, pttKey, messages);
        root.setBottom(composer.root());
        root.widthProperty().addListener((o, a, w) -> compact(w.doubleValue() < COMPACT_WIDTH));
        root.sceneProperty().addListener((o, a, scene) -> {
            if (scene != null) {
                composer.installKeys(scene);
            }
        });
    }

    /** A narrow window: icon-only buttons and a narrower member list, so nothing is cut with "…". */
    private void compact(boolean on) {
        header.compact(on);
        composer.compact(on);
        members.setPrefWidth(on ? 140 : 190);
        members.refresh(); // badges show text or icons only by the list's width
    }

    public Parent root() {
        return root;
    }

    /** Puts the keyboard in the text box. */
    public void focusComposer() {
        composer.focus();
    }

    /** The timeline list (for scrolling to the top). */
    public ListView<TimelineItem> timeline() {
        return timeline;
    }
}
