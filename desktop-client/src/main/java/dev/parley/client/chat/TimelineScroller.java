package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.feather.Feather;

/**
 * Keeps the newest message in view as messages arrive, unless the person scrolled up to read older ones: then a
 * "New messages ↓" button appears over the timeline and brings them down. Own messages always scroll down. Older
 * pages loaded at the top keep the message that was first in view where it was; reaching the top asks for them.
 */
final class TimelineScroller {
    private static final double BOTTOM = 0.999;

    private final ListView<TimelineItem> timeline;
    private final Runnable scrolledToTop;
    private final StackPane root;
    private final Button newMessages;
    private VirtualFlow<?> flow;
    private ScrollBar bar;
    private boolean atBottom = true;
    /** Layout pulses left in which to pin the view to the bottom (new rows get their real heights in the first). */
    private int pinPulses;
    private final Runnable pinner = this::pin;

    TimelineScroller(ListView<TimelineItem> timeline, Messages messages, Runnable scrolledToTop) {
        this.timeline = timeline;
        this.scrolledToTop = scrolledToTop;
        newMessages = new Button(messages.get("chat.newMessages"), Icons.of(Feather.ARROW_DOWN));
        newMessages.setId("newMessagesButton");
        newMessages.getStyleClass().addAll("accent", "new-messages");
        newMessages.setVisible(false);
        newMessages.setOnAction(e -> scrollToBottom());
        root = new StackPane(timeline, newMessages);
        StackPane.setAlignment(newMessages, Pos.BOTTOM_CENTER);
        StackPane.setMargin(newMessages, new Insets(0, 0, 12, 0));
        timeline.getItems().addListener(this::changed);
        // the person scrolling wins over pinning to the bottom
        timeline.addEventFilter(javafx.scene.input.ScrollEvent.SCROLL, e -> pinPulses = 0);
        timeline.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_PRESSED, e -> pinPulses = 0);
        timeline.sceneProperty().addListener((o, a, scene) -> {
            if (a != null) {
                a.removePostLayoutPulseListener(pinner);
            }
            if (scene != null) {
                scene.addPostLayoutPulseListener(pinner);
            }
        });
    }

    /** The timeline with the button over it. */
    StackPane root() {
        return root;
    }

    /** Whether the newest message is in view (or the person has not scrolled up). */
    boolean atBottom() {
        return atBottom;
    }

    /** Finds the list's scroll parts once its skin has made them (after the first layout) and follows them. */
    private void watch() {
        for (Node n : timeline.lookupAll(".virtual-flow")) {
            if (n instanceof VirtualFlow<?> f) {
                flow = f;
            }
        }
        for (Node n : timeline.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar b && b.getOrientation() == Orientation.VERTICAL) {
                bar = b;
            }
        }
        if (flow != null) {
            flow.positionProperty().addListener((o, a, p) -> moved());
        }
        if (bar != null) {
            bar.visibleProperty().addListener((o, a, v) -> moved());
            bar.valueProperty().addListener((o, a, v) -> {
                if (v.doubleValue() <= bar.getMin() && bar.isVisible()) {
                    scrolledToTop.run();
                }
            });
        }
        if (atBottom) {
            scrollToBottom();
        }
    }

    private void pin() {
        if (flow == null) {
            watch();
        }
        if (pinPulses > 0 && flow != null) {
            pinPulses--;
            flow.setPosition(1);
            if (pinPulses > 0) {
                timeline.requestLayout(); // make sure there is a next pulse, even if nothing moved
            } else {
                moved();
            }
        }
    }

    private void moved() {
        if (pinPulses > 0) {
            return;
        }
        atBottom = bar == null || !bar.isVisible() || flow == null || flow.getPosition() >= BOTTOM;
        if (atBottom) {
            newMessages.setVisible(false);
        }
    }

    private void changed(ListChangeListener.Change<? extends TimelineItem> c) {
        while (c.next()) {
            if (!c.wasAdded()) {
                continue;
            }
            if (c.getFrom() == 0 && c.getList().size() > c.getAddedSize()) {
                // older messages arrived at the top: keep the one that was first in view
                timeline.scrollTo(c.getAddedSize());
            } else if (c.getTo() >= c.getList().size()) {
                TimelineItem last = c.getList().get(c.getList().size() - 1);
                if (atBottom || last.mine()) {
                    scrollToBottom();
                } else {
                    newMessages.setVisible(true);
                }
            }
        }
    }

    /** Shows the newest message in full, now and again once the new rows have their real heights. */
    void scrollToBottom() {
        atBottom = true;
        newMessages.setVisible(false);
        int size = timeline.getItems().size();
        if (size == 0) {
            return;
        }
        pinPulses = 2;
        timeline.scrollTo(size - 1);
        timeline.requestLayout();
    }
}
