package dev.parley.relay.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one room, its newest delivered seq and played-receipt id. Every method must be called holding the
 * room's monitor ({@code synchronized (room)}): joins, leaves and deliveries are ordered by it, which is what keeps
 * replay and live traffic free of gaps and duplicates.
 */
final class Room {
    final String name;
    /** Newest seq delivered to the room (all lower ones are committed and delivered too). */
    long lastSeq;
    /** Highest receipt id delivered to the room (every lower one of the room is committed and delivered too). */
    long lastPlayed;
    private final Map<String, Session> members = new LinkedHashMap<>();
    /** Live streams open in the room, oldest first. */
    final List<LiveStream> streams = new ArrayList<>();

    Room(String name, long lastSeq, long lastPlayed) {
        this.name = name;
        this.lastSeq = lastSeq;
        this.lastPlayed = lastPlayed;
    }

    /** The member with this nick key, or {@code null}. */
    Session member(String nickKey) {
        return members.get(nickKey);
    }

    void add(Session s) {
        members.put(s.nickKey(), s);
    }

    boolean remove(Session s) {
        return members.remove(s.nickKey(), s);
    }

    List<String> nicks() {
        List<String> out = new ArrayList<>(members.size());
        for (Session s : members.values()) {
            out.add(s.nick());
        }
        return out;
    }

    /** Sends a frame to every member but {@code except} (which may be null). */
    void sendToOthers(Session except, SharedFrame frame) {
        for (Session s : members.values()) {
            if (s != except) {
                s.member().send(frame);
            }
        }
    }

    /** Sends a frame to every member that hears live voice (protocol 2), but {@code except}. */
    void sendToListeners(Session except, SharedFrame frame) {
        for (Session s : members.values()) {
            if (s != except && s.hearsLive()) {
                s.member().send(frame);
            }
        }
    }

    /** Whether any member but {@code except} hears live voice. */
    boolean hasListeners(Session except) {
        for (Session s : members.values()) {
            if (s != except && s.hearsLive()) {
                return true;
            }
        }
        return false;
    }

    /** Delivers a stored message to every member: queued behind its replay for a member still replaying. */
    void deliver(long seq, SharedFrame frame) {
        lastSeq = Math.max(lastSeq, seq);
        for (Session s : members.values()) {
            s.deliverLive(frame);
        }
    }

    /**
     * Delivers a stored played receipt to every member that hears receipts (protocol 3): queued behind its catch-up
     * for a member still catching up.
     */
    void deliverReceipt(long id, SharedFrame frame) {
        lastPlayed = Math.max(lastPlayed, id);
        for (Session s : members.values()) {
            if (s.hearsReceipts()) {
                s.deliverLive(frame);
            }
        }
    }

    int size() {
        return members.size();
    }
}
