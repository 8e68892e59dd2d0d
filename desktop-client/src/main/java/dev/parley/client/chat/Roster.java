package dev.parley.client.chat;

import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.TypingState;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is in the room and what each is doing: members as the relay lists them (me first, then by name), typing and
 * recording states that lapse unless repeated. FX thread only.
 */
final class Roster {
    private final ObservableList<Member> members = FXCollections.observableArrayList();

    ObservableList<Member> members() {
        return members;
    }

    /** The relay's member list ({@code me}: this app's nick); known members keep what they are doing. */
    void replace(List<String> nicks, String me) {
        Map<String, Member> old = new HashMap<>();
        members.forEach(m -> old.put(Names.nickKey(m.nick()), m));
        String myKey = Names.nickKey(me);
        List<Member> next = new ArrayList<>();
        for (String n : nicks) {
            Member m = old.get(Names.nickKey(n));
            m = m != null ? m : new Member(n, Names.nickKey(n).equals(myKey));
            m.onlineProperty().set(true);
            next.add(m);
        }
        next.sort((a, b) -> a.me() != b.me() ? (a.me() ? -1 : 1) : a.nick().compareToIgnoreCase(b.nick()));
        members.setAll(next);
    }

    void heard(String nick, TypingState state, long nowMillis) {
        String key = Names.nickKey(nick);
        for (Member m : members) {
            if (Names.nickKey(m.nick()).equals(key)) {
                m.heard(state, nowMillis);
            }
        }
    }

    /** Nobody is known to be here while the relay cannot be heard. */
    void unknown() {
        for (Member m : members) {
            m.onlineProperty().set(false);
            m.heard(TypingState.IDLE, 0);
        }
    }

    /** Drops typing/recording states not repeated within {@link Protocol#TYPING_EXPIRY}. */
    void expire(long nowMillis) {
        for (Member m : members) {
            if (m.activityProperty().get() != TypingState.IDLE
                    && nowMillis - m.lastHeardMillis() >= Protocol.TYPING_EXPIRY.toMillis()) {
                m.heard(TypingState.IDLE, nowMillis);
            }
        }
    }

    /** Nicks of others currently in {@code state}, in member order. */
    List<String> doing(TypingState state) {
        List<String> out = new ArrayList<>();
        for (Member m : members) {
            if (!m.me() && m.activityProperty().get() == state) {
                out.add(m.nick());
            }
        }
        return out;
    }
}
