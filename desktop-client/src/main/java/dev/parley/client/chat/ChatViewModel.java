package dev.parley.client.chat;

import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.RelaySender;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.TypingState;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * The chat screen's state apart from audio: the text being written, sending it (and again, or not, when the relay
 * refused it), typing indicators both ways, the status line and scrollback. FX thread only; {@link #tick()} is
 * called about once a second.
 */
public final class ChatViewModel {
    static final int HISTORY_PAGE = 50;
    /** How long a hint or error stays in the notice line before it goes. */
    static final long NOTICE_MILLIS = 6000;

    private final ChatModel model;
    private final RelaySender sender;
    private final Messages messages;
    private final Words words;
    private final Clock clock;
    private final Supplier<String> ids;
    private final TypingSender typing;
    private final String relayLabel;
    private final StringProperty draft = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper activity = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper statusLine = new ReadOnlyStringWrapper("");
    private final FadingText notice = new FadingText(NOTICE_MILLIS);
    private final ReadOnlyBooleanWrapper reconnecting = new ReadOnlyBooleanWrapper();
    private final ReadOnlyLongWrapper now = new ReadOnlyLongWrapper();

    public ChatViewModel(ChatModel model, RelaySender sender, Messages messages, Clock clock, Supplier<String> ids,
                         String relayLabel) {
        this.model = model;
        this.sender = sender;
        this.messages = messages;
        this.words = new Words(messages);
        this.clock = clock;
        this.ids = ids;
        this.relayLabel = relayLabel;
        this.typing = new TypingSender(sender);
        this.now.set(clock.millis());
        model.members().addListener((ListChangeListener<Member>) c -> refreshActivity());
        model.statusProperty().addListener((o, a, b) -> refreshStatus());
        model.lastErrorProperty().addListener((o, a, e) -> notice.show(e == null ? "" : words.error(e), clock.millis()));
        refreshStatus();
    }

    public ChatModel model() {
        return model;
    }

    public TypingSender typingSender() {
        return typing;
    }

    /** The text box's content. */
    public StringProperty draftProperty() {
        return draft;
    }

    /** "alice is typing…" and friends, or empty. */
    public ReadOnlyStringProperty activityProperty() {
        return activity.getReadOnlyProperty();
    }

    /** Connected / reconnecting in N s / disconnected with the reason. */
    public ReadOnlyStringProperty statusLineProperty() {
        return statusLine.getReadOnlyProperty();
    }

    /** The last problem worth telling (relay errors, push-to-talk hints), or empty; each goes after a few seconds. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.textProperty();
    }

    /** Waiting to reconnect: "Retry now" makes sense. */
    public ReadOnlyBooleanProperty reconnectingProperty() {
        return reconnecting.getReadOnlyProperty();
    }

    /** The clock as of the last {@link #tick()}, for what shows times (they move on at midnight). */
    public ReadOnlyLongProperty nowProperty() {
        return now.getReadOnlyProperty();
    }

    public void setNotice(String text) {
        notice.show(text, clock.millis());
    }

    /** The person typed in the text box. */
    public void edited() {
        if (draft.get().isBlank()) {
            typing.cleared();
        } else {
            typing.keystroke(clock.millis());
        }
    }

    /**
     * Sends the draft as a chat message (kept and resent until acknowledged, even across reconnects).
     *
     * @return whether something was sent
     */
    public boolean send() {
        String text = draft.get().strip();
        if (text.isEmpty()) {
            return false;
        }
        int max = model.limitsProperty().get().maxTextChars();
        if (text.codePointCount(0, text.length()) > max) {
            notice.show(messages.format("compose.tooLong", max), clock.millis());
            return false;
        }
        String id = ids.get();
        model.addPending(TimelineItem.text(0, id, model.nickProperty().get(), true, clock.millis(), text, true));
        sender.sendChat(id, text);
        typing.messageSent();
        draft.set("");
        notice.show("", clock.millis());
        return true;
    }

    /**
     * Sends an own message the relay refused again, under the same id, if its reason could pass now (not one that
     * was too large or whose audio the relay could not read): pending again until its echo.
     */
    public void resend(TimelineItem item) {
        boolean voice = item.kind() == TimelineItem.Kind.VOICE;
        byte[] wav = voice && item.clip() != null ? item.clip().loadNow() : null; // own clips stay in memory
        if ((voice && wav == null) || !model.resending(item)) {
            return;
        }
        if (voice) {
            sender.sendVoice(item.id(), wav);
        } else {
            sender.sendChat(item.id(), item.text());
        }
    }

    /** Takes a message that did not get through (refused, or a live one that stopped) off the timeline. */
    public void dismiss(TimelineItem item) {
        model.dismiss(item);
    }

    /** The timeline was scrolled to its top: ask for the page before the oldest message shown. */
    public void scrolledToTop() {
        long oldest = model.oldestSeq();
        if (model.historyLoadingProperty().get() || model.historyExhaustedProperty().get() || oldest <= 1
                || model.statusProperty().get().state() != ConnectionState.JOINED) {
            return;
        }
        model.historyRequested();
        sender.requestHistory(oldest, HISTORY_PAGE);
    }

    /** About once a second: typing repeats and expiry, the reconnect countdown. */
    public void tick() {
        long now = clock.millis();
        this.now.set(now);
        notice.tick(now);
        typing.tick(now);
        model.expireTyping(now);
        refreshActivity();
        refreshStatus();
    }

    private void refreshActivity() {
        activity.set(words.activity(model.doing(TypingState.TYPING), model.doing(TypingState.RECORDING)));
    }

    private void refreshStatus() {
        ConnectionStatus s = model.statusProperty().get();
        String nick = model.nickProperty().get();
        reconnecting.set(s.state() == ConnectionState.RECONNECTING);
        switch (s.state()) {
            case CONNECTING:
                statusLine.set(messages.format("status.connecting", s.relay() == null ? relayLabel : s.relay().toString()));
                break;
            case JOINED:
                String on = s.relay() == null ? relayLabel : s.relay().toString();
                statusLine.set(on.equals(relayLabel)
                        ? messages.format("status.joined", relayLabel, nick, model.roomProperty().get())
                        : messages.format("status.joinedElsewhere", on, nick, relayLabel));
                break;
            case RECONNECTING:
                long seconds = Math.max(0, (s.retryAtMillis() - clock.millis() + 999) / 1000);
                statusLine.set(seconds > 0 ? messages.format("status.reconnectingIn", seconds, words.reason(s.reason(), nick))
                        : messages.get("status.reconnecting"));
                break;
            case DISCONNECTED:
            default:
                statusLine.set(messages.format("status.disconnected", words.reason(s.reason(), nick)));
                break;
        }
    }

    /** How often {@link #tick()} should run. */
    public static long tickMillis() {
        return Math.min(1000, Protocol.TYPING_REPEAT.toMillis());
    }
}
