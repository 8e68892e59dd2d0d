package dev.parley.relay.core;

import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.StoreException;
import dev.parley.relay.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads from the shared store what a room's members here missed in a cluster (stored messages and receipts another
 * relay stored and the bus did not bring, or not yet): a gap waits {@code gapWait} for the bus first, then is read page
 * by page on the reader executor and handed to the room's sequences; a message the bus told by reference is read at once.
 */
final class RoomFill {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);
    private static final int FILL_PAGE = 256;
    private static final long FILL_BYTES = 8L << 20;

    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final Duration gapWait;
    /** Rooms with a read for a message told by reference queued on the reader executor (and not begun). */
    private final Set<Room> fetching = ConcurrentHashMap.newKeySet();

    RoomFill(MessageStore store, ScheduledExecutorService timers, Executor readers, Duration gapWait) {
        this.store = store;
        this.timers = timers;
        this.readers = readers;
        this.gapWait = gapWait;
    }

    /** After the bus was down: reads whatever was stored meanwhile. */
    void catchUp(Room room) {
        try {
            long seq = store.lastSeq(room.name);
            long played = store.lastReceiptId(room.name);
            synchronized (room) {
                schedule(room, seq, played);
            }
        } catch (StoreException e) {
            log.warn("cluster: catching up room {} failed ({}); retrying", room.name, e.getMessage());
            timers.schedule(() -> readers.execute(() -> catchUp(room)), 1, TimeUnit.SECONDS);
        }
    }

    /** Reads messages up to {@code seq} and receipts up to {@code played} soon, unless they arrive first. Holding the monitor. */
    void schedule(Room room, long seq, long played) {
        room.fillSeqTo = Math.max(room.fillSeqTo, seq);
        room.fillPlayedTo = Math.max(room.fillPlayedTo, played);
        if (!room.fillScheduled) {
            room.fillScheduled = true;
            timers.schedule(() -> readers.execute(() -> fill(room)), gapWait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads messages up to {@code seq} now: the bus told of {@code seq} by reference, after its commit. Holding the
     * monitor. A read already queued for the room reads it too; one under way, or a gap's read, may read it again
     * (the room's sequence drops what it delivered already).
     */
    void fetch(Room room, long seq) {
        room.fillSeqTo = Math.max(room.fillSeqTo, seq);
        if (fetching.add(room)) {
            readers.execute(() -> {
                fetching.remove(room);
                read(room);
            });
        }
    }

    private void fill(Room room) {
        synchronized (room) {
            room.fillScheduled = false;
        }
        read(room);
    }

    private void read(Room room) {
        long from;
        long to;
        long playedFrom;
        long playedTo;
        synchronized (room) {
            from = room.lastSeq;
            to = Math.max(room.fillSeqTo, room.storedWaiting.firstWaiting() - 1);
            playedFrom = room.lastPlayed;
            playedTo = Math.max(room.fillPlayedTo, room.playedWaiting.firstWaiting() - 1);
        }
        try {
            boolean more = false;
            if (to > from) {
                List<StoredMessage> page = store.range(room.name, from, to, FILL_PAGE, FILL_BYTES);
                synchronized (room) {
                    if (page.isEmpty()) {
                        room.skipStoredTo(to);
                    } else {
                        room.skipStoredTo(page.get(0).message().seq() - 1);
                        for (StoredMessage m : page) {
                            RemoteStreams.ended(room, m.message());
                            room.offerStored(m.message().seq(), Frames.live(m));
                        }
                    }
                    more = room.lastSeq < to;
                }
            }
            if (playedTo > playedFrom) {
                List<ServerMessage.Played> page = store.receipts(room.name, playedFrom, playedTo, 0, Long.MAX_VALUE,
                        FILL_PAGE);
                synchronized (room) {
                    if (page.isEmpty()) {
                        room.skipPlayedTo(playedTo);
                    } else {
                        room.skipPlayedTo(page.get(0).id() - 1);
                        for (ServerMessage.Played p : page) {
                            room.offerPlayed(p.id(), SharedFrame.text(ServerCodec.encode(p)));
                        }
                    }
                    more |= room.lastPlayed < playedTo;
                }
            }
            if (more) {
                readers.execute(() -> read(room));
            }
        } catch (StoreException e) {
            log.warn("cluster: reading room {}'s missed messages failed ({}); retrying", room.name, e.getMessage());
            synchronized (room) {
                schedule(room, to, playedTo);
            }
        }
    }
}
