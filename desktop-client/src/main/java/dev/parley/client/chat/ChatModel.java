package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The state of one room as this app knows it: timeline (stored messages by {@code seq}, then own pending ones),
 * members and what they are doing, the connection status. Changed only on the FX thread, only by
 * {@link ChatEvents} (network) and the chat view models (own messages).
 */
public final class ChatModel {
    private final ObservableList<TimelineItem> timeline = FXCollections.observableArrayList();
    private final ObservableList<Member> members = FXCollections.observableArrayList();
    private final Map<Long, TimelineItem> bySeq = new HashMap<>();
    private final Map<String, TimelineItem> pendingById = new HashMap<>();
    /** Others' messages being spoken live (and interrupted ones whose resend may still come), by stream. */
    private final Map<LiveKey, TimelineItem> liveByKey = new HashMap<>();
    private final ObjectProperty<ConnectionStatus> status = new SimpleObjectProperty<>(ConnectionStatus.DISCONNECTED);
    private final ObjectProperty<ServerMessage.Error> lastError = new SimpleObjectProperty<>();
    private final StringProperty nick = new SimpleStringProperty("");
    private final StringProperty room = new SimpleStringProperty("");
    private final ObjectProperty<Limits> limits = new SimpleObjectProperty<>(Limits.DEFAULTS);
    private final BooleanProperty historyLoading = new SimpleBooleanProperty();
    private final BooleanProperty historyExhausted = new SimpleBooleanProperty();
    private final List<Consumer<TimelineItem>> arrivals = new ArrayList<>();
    private final PlayedClips played;

    public ChatModel() {
        this(PlayedClips.inMemory());
    }

    /** @param played the clips this person played before, so replayed ones they never heard keep their dot */
    public ChatModel(PlayedClips played) {
        this.played = played;
    }

    public ObservableList<TimelineItem> timeline() {
        return timeline;
    }

    public ObservableList<Member> members() {
        return members;
    }

    public ObjectProperty<ConnectionStatus> statusProperty() {
        return status;
    }

    /** The last recoverable error the relay reported. */
    public ObjectProperty<ServerMessage.Error> lastErrorProperty() {
        return lastError;
    }

    public StringProperty nickProperty() {
        return nick;
    }

    public StringProperty roomProperty() {
        return room;
    }

    public ObjectProperty<Limits> limitsProperty() {
        return limits;
    }

    public BooleanProperty historyLoadingProperty() {
        return historyLoading;
    }

    /** No older messages are left on the relay. */
    public BooleanProperty historyExhaustedProperty() {
        return historyExhausted;
    }

    /** Calls {@code listener} for every message that arrives live from someone else (not replay, not own). */
    public void onArrival(Consumer<TimelineItem> listener) {
        arrivals.add(listener);
    }

    /** The lowest {@code seq} on the timeline, or 0 when none. */
    public long oldestSeq() {
        return timeline.stream().mapToLong(TimelineItem::seq).filter(s -> s > 0).min().orElse(0);
    }

    // ------------------------------------------------------------------ transitions

    public void status(ConnectionStatus next) {
        status.set(next);
        if (next.state() != dev.parley.client.net.ConnectionState.JOINED) {
            historyLoading.set(false);
            // nobody is known to be here while we cannot hear the relay
            for (Member m : members) {
                m.onlineProperty().set(false);
                m.heard(TypingState.IDLE, 0);
            }
        }
    }

    public void welcome(ServerMessage.Welcome welcome, long nowMillis) {
        nick.set(welcome.nick());
        room.set(welcome.room());
        limits.set(welcome.limits());
        replaceMembers(welcome.members());
        if (welcome.lastSeq() == 0) {
            historyExhausted.set(true);
        }
    }

    /** A stored message: the echo of a pending one, or a new one placed by {@code seq}. Duplicates are ignored. */
    public void stored(ServerMessage.Stored message, ClipData clip) {
        if (bySeq.containsKey(message.seq())) {
            return;
        }
        boolean mine = Names.nickKey(message.from()).equals(Names.nickKey(nick.get()));
        TimelineItem item = mine ? pendingById.remove(message.id()) : null;
        TimelineItem wasLive = mine ? null : liveByKey.remove(new LiveKey(message.from(), message.id()));
        if (wasLive != null) {
            timeline.remove(wasLive); // the stored message takes the live card's place
        }
        boolean heardLive = wasLive != null && wasLive.playedProperty().get()
                && wasLive.live().stoppedProperty().get() == null;
        if (item != null) {
            timeline.remove(item);
            item.seqProperty().set(message.seq());
            item.tsProperty().set(message.ts());
            item.pendingProperty().set(false);
            item.failureProperty().set(null);
        } else if (message instanceof ServerMessage.Chat c) {
            item = TimelineItem.text(c.seq(), c.id(), c.from(), mine, c.ts(), c.text(), false);
        } else if (message instanceof ServerMessage.Voice v) {
            item = TimelineItem.voice(v.seq(), v.id(), v.from(), mine, v.ts(), clip, v.durationMs(), false);
            if (heardLive) {
                played.add(v.id()); // heard as it was spoken: never played again by itself
            }
            // unplayed is per listener: a replayed clip keeps its dot unless this person played it before
            if (played.played(v.id())) {
                item.playedProperty().set(true);
            } else if (!mine) {
                String id = v.id();
                item.playedProperty().addListener((o, a, now) -> {
                    if (now) {
                        played.add(id);
                    }
                });
            }
        } else {
            return;
        }
        bySeq.put(message.seq(), item);
        timeline.add(insertionIndex(message.seq()), item);
        // no local "idle" for the sender here: the relay announces it, and a typing state sent after this message
        // may arrive before it (stored messages are committed before they are forwarded)
        if (!mine && !message.replay()) {
            TimelineItem arrived = item;
            arrivals.forEach(a -> a.accept(arrived));
        }
    }

    private int insertionIndex(long seq) {
        int i = timeline.size();
        while (i > 0 && (timeline.get(i - 1).seq() == 0 || timeline.get(i - 1).seq() > seq)) {
            i--;
        }
        return i;
    }

    /** Adds an own message that was just sent, marked pending until its echo. */
    public void addPending(TimelineItem item) {
        pendingById.put(item.id(), item);
        timeline.add(item);
    }

    // ------------------------------------------------------------------ live voice (protocol 2)

    /** Someone began speaking (or, on joining, was speaking); {@code heard}: it goes to the speaker. */
    public void liveOpened(LiveKey stream, boolean heard, long nowMillis) {
        if (liveByKey.containsKey(stream)) {
            return;
        }
        TimelineItem item = TimelineItem.live(stream, nowMillis);
        liveHeard(item, heard);
        liveByKey.put(stream, item);
        timeline.add(item);
    }

    /** More of a live message came. */
    public void liveAudio(LiveKey stream, float peak, long millisSoFar) {
        TimelineItem item = liveByKey.get(stream);
        if (item != null && item.live().stoppedProperty().get() == null) {
            item.live().audio(peak, millisSoFar);
        }
    }

    /**
     * A live message stopped without being stored: cancelled by its speaker, it goes; otherwise its card says it
     * was interrupted until the resend (stored under the same id) takes its place.
     */
    public void liveAborted(LiveKey stream, AbortReason reason) {
        TimelineItem item = liveByKey.get(stream);
        if (item == null) {
            return;
        }
        if (reason == AbortReason.CANCELLED) {
            liveByKey.remove(stream);
            timeline.remove(item);
            return;
        }
        item.live().stoppedProperty().set(reason);
        notHeardToItsEnd(item);
    }

    /** A live message started or stopped going to the speaker. */
    public void liveHeard(LiveKey stream, boolean heard) {
        TimelineItem item = liveByKey.get(stream);
        if (item != null) {
            liveHeard(item, heard);
        }
    }

    private static void liveHeard(TimelineItem item, boolean heard) {
        item.live().heardProperty().set(heard);
        item.playingProperty().set(heard);
        if (heard) {
            item.playedProperty().set(true);
        }
    }

    /**
     * A live message stopped going to the speaker before its end, here (the person stopped it or played a clip, or
     * the speaker failed): not all of it was heard, so its stored message will be new, unless it is heard again.
     */
    public void liveStopped(LiveKey stream) {
        TimelineItem item = liveByKey.get(stream);
        if (item != null) {
            notHeardToItsEnd(item);
        }
    }

    /** Not all of it was heard: its stored message will be new. */
    private static void notHeardToItsEnd(TimelineItem item) {
        liveHeard(item, false);
        item.playedProperty().set(false);
    }

    /** The live card of {@code stream}, if it is on the timeline. */
    public TimelineItem liveItem(LiveKey stream) {
        return liveByKey.get(stream);
    }

    public void typing(ServerMessage.Typing typing, long nowMillis) {
        Member m = member(typing.from());
        if (m != null) {
            m.heard(typing.state(), nowMillis);
        }
    }

    public void presence(ServerMessage.Presence presence) {
        replaceMembers(presence.members());
    }

    public void historyRequested() {
        historyLoading.set(true);
    }

    public void historyEnd(ServerMessage.HistoryEnd end) {
        historyLoading.set(false);
        if (end.count() == 0 || oldestSeq() <= 1) {
            historyExhausted.set(true);
        }
    }

    /** A recoverable error; an own pending message it refers to is marked failed. */
    public void error(ServerMessage.Error error) {
        lastError.set(error);
        if (error.ref() != null) {
            TimelineItem item = pendingById.get(error.ref());
            if (item != null && error.code() != dev.parley.protocol.ErrorCode.RATE_LIMITED) {
                pendingById.remove(error.ref());
                item.failureProperty().set(error.message() == null ? error.code().wire() : error.message());
            }
        }
    }

    /** Drops typing/recording states not repeated within {@link Protocol#TYPING_EXPIRY}. */
    public void expireTyping(long nowMillis) {
        for (Member m : members) {
            if (m.activityProperty().get() != TypingState.IDLE
                    && nowMillis - m.lastHeardMillis() >= Protocol.TYPING_EXPIRY.toMillis()) {
                m.heard(TypingState.IDLE, nowMillis);
            }
        }
    }

    /** Nicks of others currently in {@code state}, in member order. */
    public List<String> doing(TypingState state) {
        List<String> out = new ArrayList<>();
        for (Member m : members) {
            if (!m.me() && m.activityProperty().get() == state) {
                out.add(m.nick());
            }
        }
        return out;
    }

    private Member member(String nickName) {
        String key = Names.nickKey(nickName);
        for (Member m : members) {
            if (Names.nickKey(m.nick()).equals(key)) {
                return m;
            }
        }
        return null;
    }

    private void replaceMembers(List<String> nicks) {
        Map<String, Member> old = new HashMap<>();
        members.forEach(m -> old.put(Names.nickKey(m.nick()), m));
        String me = Names.nickKey(nick.get());
        List<Member> next = new ArrayList<>();
        for (String n : nicks) {
            Member m = old.get(Names.nickKey(n));
            m = m != null ? m : new Member(n, Names.nickKey(n).equals(me));
            m.onlineProperty().set(true);
            next.add(m);
        }
        next.sort((a, b) -> a.me() != b.me() ? (a.me() ? -1 : 1) : a.nick().compareToIgnoreCase(b.nick()));
        members.setAll(next);
    }
}
