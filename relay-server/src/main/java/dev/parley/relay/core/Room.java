package dev.parley.relay.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The members of one room (on this relay, and in a cluster those on the other relays), its newest delivered seq and
 * played-receipt id. Every method must be called holding the room's monitor ({@code synchronized (room)}): joins,
 * leaves and deliveries are ordered by it, which is what keeps replay and live traffic free of gaps and duplicates.
 * In a cluster, stored messages and receipts pass through a {@link Sequence} each, so members get them in order
 * whichever relay stored them.
 */
final class Room {
    final String name;
    /** Newest seq delivered to the room (all lower ones are committed and delivered too). */
    long lastSeq;
    /** Highest receipt id delivered to the room (every lower one of the room is committed and delivered too). */
    long lastPlayed;
    private final Map<String, Session> members = new LinkedHashMap<>();
    /** Members on the other relays of the cluster, by nick key. */
    private final Map<String, RemoteMember> remote = new LinkedHashMap<>();
    /** Live streams open in the room, oldest first. */
    final List<LiveStream> streams = new ArrayList<>();
    /** Live streams of speakers on other relays that listeners here were told of and not yet told the end of. */
    final List<RemoteStream> remoteStreams = new ArrayList<>();

    /** A live stream on another relay: its id, its speaker, the relay. */
    record RemoteStream(String id, String from, String relay) {
    }
    /** The rest of the cluster; {@link ClusterLink#NONE} for a relay on its own. */
    final ClusterLink cluster;
    /** Stored messages (by seq) and receipts (by id) that came before one they follow; empty on a relay on its own. */
    final Sequence storedWaiting = new Sequence();
    final Sequence playedWaiting = new Sequence();
    /** In a cluster: when this relay last stored something for the room ({@link System#nanoTime()}). */
    long wroteAtNanos = System.nanoTime() - (1L << 62);
    /** In a cluster: the seq and receipt id up to which a read from the store is due, and whether one is scheduled. */
    long fillSeqTo;
    long fillPlayedTo;
    boolean fillScheduled;

    Room(String name, long lastSeq, long lastPlayed) {
        this(name, lastSeq, lastPlayed, ClusterLink.NONE);
    }

    Room(String name, long lastSeq, long lastPlayed, ClusterLink cluster) {
        this.name = name;
        this.lastSeq = lastSeq;
        this.lastPlayed = lastPlayed;
        this.cluster = cluster;
    }

    /** Whether a member here or on another relay has this nick. */
    boolean has(String nickKey) {
        return members.containsKey(nickKey) || remote.containsKey(nickKey);
    }

    /** The member on this relay with this nick key, or {@code null}. */
    Session local(String nickKey) {
        return members.get(nickKey);
    }

    /** The members on this relay, in the order they joined. */
    Collection<Session> locals() {
        return members.values();
    }

    /** The member on another relay with this nick key, or {@code null}. */
    RemoteMember remote(String nickKey) {
        return remote.get(nickKey);
    }

    /** The members on other relays, in the order this relay heard of them. */
    Collection<RemoteMember> remotes() {
        return remote.values();
    }

    void addRemote(RemoteMember m) {
        remote.put(m.nickKey(), m);
    }

    RemoteMember removeRemote(String nickKey) {
        return remote.remove(nickKey);
    }

    void add(Session s) {
        members.put(s.nickKey(), s);
    }

    boolean remove(Session s) {
        return members.remove(s.nickKey(), s);
    }

    /** Every member's nick: this relay's in the order they joined, then the other relays'. */
    List<String> nicks() {
        List<String> out = new ArrayList<>(members.size() + remote.size());
        for (Session s : members.values()) {
            out.add(s.nick());
        }
        for (RemoteMember m : remote.values()) {
            out.add(m.nick());
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

    /** Sends a typing frame to every member but {@code except}, on the other relays too. */
    void sendTyping(Session except, SharedFrame frame) {
        sendToOthers(except, frame);
        cluster.typing(this, frame);
    }

    /** Sends a live-voice frame to every member that hears live voice but {@code except}, on the other relays too. */
    void sendLive(Session except, SharedFrame frame) {
        sendToListeners(except, frame);
        cluster.live(this, frame);
    }

    /** Whether any member but {@code except} hears live voice (members on other relays are counted as listening). */
    boolean hasListeners(Session except) {
        if (!remote.isEmpty()) {
            return true;
        }
        for (Session s : members.values()) {
            if (s != except && s.hearsLive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A message this relay stored: delivered to every member (queued behind its replay for a member still replaying),
     * and told to the other relays.
     */
    void deliver(long seq, SharedFrame frame) {
        if (!cluster.clustered()) {
            lastSeq = Math.max(lastSeq, seq);
            sendStored(frame);
            return;
        }
        cluster.stored(this, seq, frame);
        offerStored(seq, frame);
    }

    /**
     * A stored message in a cluster, from this relay or another: delivered once its seq follows {@link #lastSeq},
     * held until then, dropped when it was delivered already. Returns whether a gap is left open.
     */
    boolean offerStored(long seq, SharedFrame frame) {
        lastSeq = storedWaiting.offer(lastSeq, seq, frame, this::sendStored);
        return storedWaiting.waiting();
    }

    /**
     * A played receipt this relay stored: delivered to every member that hears receipts (protocol 3), queued behind
     * its catch-up for a member still catching up, and told to the other relays.
     */
    void deliverReceipt(long id, SharedFrame frame) {
        if (!cluster.clustered()) {
            lastPlayed = Math.max(lastPlayed, id);
            sendPlayed(frame);
            return;
        }
        cluster.played(this, id, frame);
        offerPlayed(id, frame);
    }

    /** As {@link #offerStored}, for a played receipt by its id. */
    boolean offerPlayed(long id, SharedFrame frame) {
        lastPlayed = playedWaiting.offer(lastPlayed, id, frame, this::sendPlayed);
        return playedWaiting.waiting();
    }

    /** Gives up on stored messages up to {@code seq} that will never come (retention removed them). */
    void skipStoredTo(long seq) {
        lastSeq = storedWaiting.skipTo(lastSeq, seq, this::sendStored);
    }

    /** Gives up on receipts up to {@code id} that will never come. */
    void skipPlayedTo(long id) {
        lastPlayed = playedWaiting.skipTo(lastPlayed, id, this::sendPlayed);
    }

    private void sendStored(SharedFrame frame) {
        for (Session s : members.values()) {
            s.deliverLive(frame);
        }
    }

    private void sendPlayed(SharedFrame frame) {
        for (Session s : members.values()) {
            if (s.hearsReceipts()) {
                s.deliverLive(frame);
            }
        }
    }

    /** Members on this relay. */
    int size() {
        return members.size();
    }
}
