package dev.parley.client.chat;

import dev.parley.client.ui.common.Messages;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.Path;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of a message: wraps to the width it is given and shows in full, can be selected with the mouse (drag,
 * double-click for all) and copied (shortcut+C or the context menu), and its web links open when clicked.
 * Links are {@link Text} nodes too, so every character of {@link #getText()} is one character of the flow.
 */
final class MessageText extends TextFlow {
    private static final Pattern LINK = Pattern.compile("\\bhttps?://[^\\s<>\"]+[^\\s<>\".,;:!?)\\]'’”]");

    private final Path highlight = new Path();
    private final List<Text> links = new ArrayList<>();
    private final MenuItem copyLink;
    private String text = "";
    private int anchor = -1;
    private int caret = -1;
    private boolean dragged;
    private String linkUnderMenu;

    MessageText(Messages messages, Consumer<String> openLink) {
        getStyleClass().add("message-text");
        highlight.setManaged(false);
        highlight.getStyleClass().add("selection-highlight");
        highlight.setMouseTransparent(true);
        setCursor(Cursor.TEXT);

        MenuItem copy = new MenuItem(messages.get("message.copy"));
        copy.setOnAction(e -> copy());
        copyLink = new MenuItem(messages.get("message.copyLink"));
        copyLink.setOnAction(e -> put(linkUnderMenu));
        ContextMenu menu = new ContextMenu(copy, copyLink);
        setOnContextMenuRequested(e -> {
            linkUnderMenu = linkAt(e.getPickResult().getIntersectedNode());
            copyLink.setVisible(linkUnderMenu != null);
            menu.show(this, e.getScreenX(), e.getScreenY());
            e.consume();
        });

        addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            if (e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            requestFocus();
            dragged = false;
            if (e.getClickCount() >= 2) {
                select(0, text.length());
            } else {
                int at = indexAt(e.getX(), e.getY());
                select(at, at);
            }
            e.consume(); // not the list's: its focus handling would end the selection just begun
        });
        addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (anchor >= 0 && e.getButton() == MouseButton.PRIMARY) {
                dragged = true;
                select(anchor, indexAt(e.getX(), e.getY()));
                e.consume();
            }
        });
        addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            String link = linkAt(e.getPickResult().getIntersectedNode());
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1 && !dragged && link != null) {
                openLink.accept(link);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
                copy();
                e.consume();
            } else if (e.isShortcutDown() && e.getCode() == KeyCode.A) {
                select(0, text.length());
                e.consume();
            }
        });
        focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                select(-1, -1);
            }
        });
    }

    /** Shows {@code shown}, with its links, and no selection. */
    void setText(String shown) {
        text = shown == null ? "" : shown;
        links.clear();
        List<javafx.scene.Node> parts = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(plain(text.substring(at, m.start())));
            }
            Text link = plain(m.group());
            link.getStyleClass().add("link");
            link.setCursor(Cursor.HAND);
            link.setUserData(m.group());
            links.add(link);
            parts.add(link);
            at = m.end();
        }
        if (at < text.length() || parts.isEmpty()) {
            parts.add(plain(text.substring(at)));
        }
        parts.add(0, highlight); // behind the text
        getChildren().setAll(parts);
        select(-1, -1);
    }

    private static Text plain(String s) {
        Text t = new Text(s);
        t.getStyleClass().add("message-text-part");
        return t;
    }

    /** The whole text shown. */
    String getText() {
        return text;
    }

    /** The web links in the text, in order. */
    List<String> links() {
        return links.stream().map(t -> (String) t.getUserData()).toList();
    }

    /** The selected part, or empty. */
    String selectedText() {
        if (anchor < 0 || anchor == caret) {
            return "";
        }
        return text.substring(Math.min(anchor, caret), Math.max(anchor, caret));
    }

    /** Selects characters {@code from} to {@code to} (either order); -1 clears. */
    void select(int from, int to) {
        anchor = from;
        caret = to;
        if (from < 0 || from == to) {
            highlight.getElements().clear();
        } else {
            highlight.getElements().setAll(rangeShape(Math.min(from, to), Math.max(from, to)));
        }
    }

    /** Copies the selection, or the whole text when nothing is selected. */
    void copy() {
        String selected = selectedText();
        put(selected.isEmpty() ? text : selected);
    }

    private static void put(String s) {
        if (s == null) {
            return;
        }
        ClipboardContent c = new ClipboardContent();
        c.putString(s);
        Clipboard.getSystemClipboard().setContent(c);
    }

    private int indexAt(double x, double y) {
        int i = hitTest(new Point2D(x, y)).getInsertionIndex();
        return Math.max(0, Math.min(text.length(), i));
    }

    private static String linkAt(javafx.scene.Node picked) {
        return picked instanceof Text t && t.getUserData() instanceof String url ? url : null;
    }
}
