package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a joining version-3 member, after its message replay, the played receipts it lacks (marked replay, in
 * increasing id, none above {@code lastPlayed}), page by page, pausing while its socket is backed up; then releases
 * the live traffic held back meanwhile. With {@code playedSince} those are every receipt of the room above it;
 * without, the receipts of the messages just replayed. Also adds the receipts to a {@code history} answer. Runs on
 * the reader executor.
 */
final class ReceiptCatchUp implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ReceiptCatchUp.class);
    private static final int PAGE_COUNT = 256;
    private static final long PAUSE_MILLIS = 20;

    private final MessageStore store;
    private final Session session;
    private final boolean sinceGiven;
    private final long lastPlayed;
    private final long pauseAboveBytes;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private long cursor;
    private long fromSeq = 1;
    private long toSeq = Long.MAX_VALUE;

    /**
     * @param playedSince the hello's {@code playedSince}, or {@code null}
     * @param lastPlayed  the welcome's {@code lastPlayed}
     */
    ReceiptCatchUp(MessageStore store, Session session, Long playedSince, long lastPlayed, long pauseAboveBytes,
                   ScheduledExecutorService timers, Executor readers) {
        this.store = store;
        this.session = session;
        this.sinceGiven = playedSince != null;
        this.cursor = playedSince == null ? 0 : playedSince;
        this.lastPlayed = lastPlayed;
        this.pauseAboveBytes = pauseAboveBytes;
        this.timers = timers;
        this.readers = readers;
    }

    /**
     * The replay sent the messages with {@code first <= seq <= last} (none when {@code first > last}): without
     * {@code playedSince}, their receipts are the ones to send. Call once, before {@link #run}.
     */
    void messagesReplayed(long first, long last) {
        if (!sinceGiven) {
            fromSeq = first;
            toSeq = last;
        }
    }

    @Override
    public void run() {
        try {
            while (session.state == Session.State.JOINED) {
                if (cursor >= lastPlayed || fromSeq > toSeq) {
                    Replay.release(session);
                    return;
                }
                List<ServerMessage.Played> page = store.receipts(session.room().name, cursor, lastPlayed, fromSeq, toSeq,
                        PAGE_COUNT);
                for (ServerMessage.Played p : page) {
                    if (session.member().bufferedBytes() > pauseAboveBytes) {
                        timers.schedule(() -> readers.execute(this), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    session.member().sendText(ServerCodec.encode(p.asReplay()));
                    cursor = p.id();
                }
                if (page.size() < PAGE_COUNT) {
                    cursor = lastPlayed;
                }
            }
        } catch (StoreException e) {
            log.error("receipt catch-up to {} failed: {}", session.nick(), e.getMessage());
            session.member().close(CloseCodes.SERVER_ERROR, "the relay could not read its history; reconnect to resume");
        }
    }

    /**
     * Sends the receipts of the messages of a history answer ({@code first <= seq <= last}), before its end: only those
     * already delivered live to the room, so none is newer than a live receipt still on its way to this member (its
     * highest receipt id stays a safe {@code playedSince}); a newer one arrives live.
     */
    static void history(MessageStore store, Session s, long first, long last) {
        Room room = s.room();
        long delivered;
        synchronized (room) {
            delivered = room.lastPlayed;
        }
        long after = 0;
        while (true) {
            List<ServerMessage.Played> page = store.receipts(room.name, after, delivered, first, last, PAGE_COUNT);
            for (ServerMessage.Played p : page) {
                s.member().sendText(ServerCodec.encode(p.asReplay()));
                after = p.id();
            }
            if (page.size() < PAGE_COUNT) {
                return;
            }
        }
    }
}
