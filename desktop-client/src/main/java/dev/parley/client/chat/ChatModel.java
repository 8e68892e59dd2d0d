package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The state of one room as this app knows it, and the one place that changes it: each event is handed to the part
 * that owns what it changes ({@link Timeline} order, {@link PendingMessages} own messages until their echo,
 * {@link LiveCards} messages being spoken, {@link Roster} members and what they do, {@link Paging} scrollback,
 * {@link RoomStatus} the connection, {@link Receipts} who played which voice message). Changed only on the FX
 * thread, only by {@link ChatEvents} (network, the speaker) and the chat view models (own messages, the person's
 * choices).
 *
 * <p>A new kind of fact from the relay is one more event through {@link ChatEvents}, one more method here and one
 * more small part; a fact about a stored message finds it by {@code seq} on the {@link Timeline}.
 */
public final class ChatModel {
    private final Timeline timeline = new Timeline();
    private final PendingMessages pending = new PendingMessages(timeline);
    private final LiveCards live = new LiveCards(timeline);
    private final Roster roster = new Roster();
    private final Paging paging = new Paging();
    private final RoomStatus room = new RoomStatus();
    private final Receipts receipts = new Receipts(timeline);
    private final PlayedClips played;
    private final List<Consumer<TimelineItem>> arrivals = new ArrayList<>();
    private final List<Consumer<TimelineItem>> heardOut = new ArrayList<>();

    public ChatModel() {
        this(PlayedClips.inMemory());
    }

    /** @param played the clips this person played before, so replayed ones they never heard keep their dot */
    public ChatModel(PlayedClips played) {
        this.played = played;
    }

    public ObservableList<TimelineItem> timeline() {
        return timeline.items();
    }

    public ObservableList<Member> members() {
        return roster.members();
    }

    public ObjectProperty<ConnectionStatus> statusProperty() {
        return room.statusProperty();
    }

    /** The last recoverable error the relay reported that no message's card shows (those say why themselves). */
    public ObjectProperty<ServerMessage.Error> lastErrorProperty() {
        return room.lastErrorProperty();
    }

    public StringProperty nickProperty() {
        return room.nickProperty();
    }

    public StringProperty roomProperty() {
        return room.roomProperty();
    }

    public ObjectProperty<Limits> limitsProperty() {
        return room.limitsProperty();
    }

    /** Whether the session speaks played receipts (protocol 3): voice cards say who played them. */
    public ReadOnlyBooleanProperty receiptsProperty() {
        return room.receiptsProperty();
    }

    public BooleanProperty historyLoadingProperty() {
        return paging.loadingProperty();
    }

    /** No older messages are left on the relay. */
    public BooleanProperty historyExhaustedProperty() {
        return paging.exhaustedProperty();
    }

    /** Calls {@code listener} for every message that arrives live from someone else (not replay, not own). */
    public void onArrival(Consumer<TimelineItem> listener) {
        arrivals.add(listener);
    }

    /**
     * Calls {@code listener} with someone else's stored voice message when it was heard to its end as it was spoken
     * (live): when its stored message comes, or when its stream plays out after that. Clips played from their cards
     * are the {@link PlaybackViewModel}'s to tell.
     */
    public void onHeardToItsEnd(Consumer<TimelineItem> listener) {
        heardOut.add(listener);
    }

    /** The lowest {@code seq} on the timeline, or 0 when none. */
    public long oldestSeq() {
        return timeline.oldestSeq();
    }

    /** The live card of {@code stream}, if it is on the timeline. */
    public TimelineItem liveItem(LiveKey stream) {
        return live.card(stream);
    }

    /** Nicks of others currently in {@code state}, in member order. */
    public List<String> doing(TypingState state) {
        return roster.doing(state);
    }

    // ------------------------------------------------------------------ from the relay (through ChatEvents)

    public void status(ConnectionStatus next) {
        room.statusProperty().set(next);
        if (next.state() != ConnectionState.JOINED) {
            paging.disconnected();
            roster.unknown();
        }
    }

    /** The relay let us in; {@code nowMillis} is when (nothing here depends on it yet). */
    public void welcome(ServerMessage.Welcome welcome, long nowMillis) {
        room.welcome(welcome);
        roster.replace(welcome.members(), welcome.nick());
        paging.joined(welcome.lastSeq());
    }

    /**
     * A stored message, placed by {@code seq}: the echo of an own one, the end of a live card, or a new one (then
     * announced to {@link #onArrival} listeners unless replayed). Duplicates are ignored.
     */
    public void stored(ServerMessage.Stored message, ClipData clip) {
        if (timeline.stored(message.seq()) != null) {
            return;
        }
        boolean mine = room.isMe(message.from());
        TimelineItem item = mine ? pending.echoed(message) : null;
        LiveKey stream = new LiveKey(message.from(), message.id());
        LiveCards.Heard heardLive = mine ? LiveCards.Heard.NOT : live.ended(stream);
        if (item == null) {
            item = TimelineItem.stored(message, mine, clip);
            if (item == null) {
                return;
            }
            if (!mine && item.kind() == TimelineItem.Kind.VOICE) {
                played.follow(item, heardLive.played());
            }
        }
        timeline.place(item);
        receipts.placed(item);
        if (!mine && item.kind() == TimelineItem.Kind.VOICE) {
            switch (heardLive) {
                case TO_ITS_END -> heardToItsEnd(item);
                case NOW, NOT_YET -> live.awaitEnd(stream, item);
                case NOT -> {
                    // not spoken live here, or stopped before its end
                }
            }
        }
        // no local "idle" for the sender here: the relay announces it, and a typing state sent after this message
        // may arrive before it (stored messages are committed before they are forwarded)
        if (!mine && !message.replay()) {
            TimelineItem arrived = item;
            arrivals.forEach(a -> a.accept(arrived));
        }
    }

    public void typing(ServerMessage.Typing typing, long nowMillis) {
        roster.heard(typing.from(), typing.state(), nowMillis);
    }

    public void presence(ServerMessage.Presence presence) {
        roster.replace(presence.members(), room.nickProperty().get());
    }

    /** A played receipt: the voice message it names says who played it (now, or once it is on the timeline). */
    public void played(ServerMessage.Played receipt) {
        receipts.received(receipt);
    }

    public void historyEnd(ServerMessage.HistoryEnd end) {
        paging.ended(end, timeline.oldestSeq());
    }

    /**
     * A recoverable error: an own pending message it refers to is marked refused, else it is the last error; a
     * receipt for a message that is gone ({@code not_found}) is nothing to tell anyone.
     */
    public void error(ServerMessage.Error error) {
        if (error.code() == ErrorCode.NOT_FOUND) {
            return;
        }
        if (!pending.refused(error)) {
            room.lastErrorProperty().set(error);
        }
    }

    /** Someone began speaking (or, on joining, was speaking); {@code heard}: it goes to the speaker. */
    public void liveOpened(LiveKey stream, boolean heard, long nowMillis) {
        live.opened(stream, heard, nowMillis);
    }

    /** More of a live message came. */
    public void liveAudio(LiveKey stream, float peak, long millisSoFar) {
        live.audio(stream, peak, millisSoFar);
    }

    /** A live message stopped without being stored: cancelled, it goes; otherwise its card says why. */
    public void liveAborted(LiveKey stream, AbortReason reason) {
        live.aborted(stream, reason);
    }

    // ------------------------------------------------------------------ from the speaker (through ChatEvents)

    /** A live message started or stopped going to the speaker. */
    public void liveHeard(LiveKey stream, boolean heard) {
        live.heard(stream, heard);
    }

    /**
     * A live message stopped going to the speaker before its end, here (the person stopped it or played a clip, or
     * the speaker failed): not all of it was heard, so its stored message will be new, unless it is heard again.
     */
    public void liveStopped(LiveKey stream) {
        live.stoppedHere(stream);
    }

    /** A live message went to the speaker to its end. */
    public void livePlayedOut(LiveKey stream) {
        TimelineItem stored = live.playedOut(stream);
        if (stored != null) {
            heardToItsEnd(stored);
        }
    }

    private void heardToItsEnd(TimelineItem item) {
        heardOut.forEach(h -> h.accept(item));
    }

    // ------------------------------------------------------------------ from the view models

    /** Adds an own message that was just sent, marked pending until its echo. */
    public void addPending(TimelineItem item) {
        pending.add(item);
    }

    /** A refused own message is about to be sent again: pending once more. Returns whether it may be. */
    public boolean resending(TimelineItem item) {
        return pending.resending(item);
    }

    /**
     * Takes a message that did not get through off the timeline, at the person's word: an own message the relay
     * refused, or a live card that stopped. Returns whether it was one.
     */
    public boolean dismiss(TimelineItem item) {
        return item.live() != null ? live.dismiss(item) : pending.dismiss(item);
    }

    public void historyRequested() {
        paging.requested();
    }

    /** Drops typing/recording states not repeated in time. */
    public void expireTyping(long nowMillis) {
        roster.expire(nowMillis);
    }
}
