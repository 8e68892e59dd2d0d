package dev.parley.client.chat;

import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Played receipts (protocol 3) as the room knows them: for each voice message ({@code seq}) who played it, merged
 * by nick in any case from live, catch-up and history copies alike (a copy already held changes nothing). A receipt
 * for a message on the {@link Timeline} shows on its item at once ({@link TimelineItem#playersProperty()}); one for
 * a message not loaded yet (older than the replay) waits here until the message comes with history. FX thread only.
 */
final class Receipts {
    /** One person's receipt: the nick as the relay keeps it, the receipt's id (the order the relay stored them). */
    private record Receipt(String nick, long id) {
    }

    private final Timeline timeline;
    /** seq → nick key → receipt */
    private final Map<Long, Map<String, Receipt>> bySeq = new HashMap<>();

    Receipts(Timeline timeline) {
        this.timeline = timeline;
    }

    /** A receipt from the relay; returns whether it was new. */
    boolean received(ServerMessage.Played receipt) {
        Map<String, Receipt> players = bySeq.computeIfAbsent(receipt.seq(), s -> new HashMap<>());
        if (players.putIfAbsent(Names.nickKey(receipt.nick()), new Receipt(receipt.nick(), receipt.id())) != null) {
            return false;
        }
        TimelineItem item = timeline.stored(receipt.seq());
        if (item != null) {
            show(item);
        }
        return true;
    }

    /** A stored message was placed on the timeline: a voice message gets the receipts that came before it. */
    void placed(TimelineItem item) {
        if (bySeq.containsKey(item.seq())) {
            show(item);
        }
    }

    /** Who played voice message {@code seq}, in the order the relay stored their receipts. */
    List<String> players(long seq) {
        Map<String, Receipt> players = bySeq.get(seq);
        if (players == null) {
            return List.of();
        }
        return players.values().stream().sorted(Comparator.comparingLong(Receipt::id)).map(Receipt::nick).toList();
    }

    private void show(TimelineItem item) {
        if (item.kind() == TimelineItem.Kind.VOICE) {
            item.playersProperty().set(players(item.seq()));
        }
    }
}
