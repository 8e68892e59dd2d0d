package dev.parley.client.chat;

import dev.parley.protocol.TypingState;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/** Someone in the room and what they are doing. FX thread only. */
public final class Member {
    private final String nick;
    private final boolean me;
    private final ObjectProperty<TypingState> activity = new SimpleObjectProperty<>(TypingState.IDLE);
    private final BooleanProperty online = new SimpleBooleanProperty(true);
    private long lastHeardMillis;

    public Member(String nick, boolean me) {
        this.nick = nick;
        this.me = me;
    }

    public String nick() {
        return nick;
    }

    public boolean me() {
        return me;
    }

    /** Typing, recording or idle. */
    public ObjectProperty<TypingState> activityProperty() {
        return activity;
    }

    /**
     * Known to be in the room: true from the relay's member list until this app loses its connection, then false
     * (not known) until the relay says again.
     */
    public BooleanProperty onlineProperty() {
        return online;
    }

    void heard(TypingState state, long nowMillis) {
        activity.set(state);
        lastHeardMillis = nowMillis;
    }

    long lastHeardMillis() {
        return lastHeardMillis;
    }

    @Override
    public String toString() {
        return nick;
    }
}
