package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.StoredMessage;
import dev.parley.relay.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends a joining member the stored messages it lacks ({@code since < seq <= upTo}), page by page, pausing
 * while its socket is backed up so a long replay never looks like a slow consumer; then hands over to the
 * {@link ReceiptCatchUp} of a version-3 member, or releases the live messages that arrived meanwhile. Runs on the
 * reader executor.
 */
final class Replay implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final int PAGE_COUNT = 64;
    private static final long PAGE_BYTES = 8L << 20;
    private static final long PAUSE_MILLIS = 20;

    private final MessageStore store;
    private final Session session;
    private final long upTo;
    private final long pauseAboveBytes;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final boolean newestOnly;
    private final ReceiptCatchUp receipts;
    /** The lowest seq a replay with {@code since} can send ({@code upTo + 1} when it sends nothing). */
    private final long firstSeq;
    private long cursor;

    /** @param receipts what follows the messages for a version-3 member, {@code null} for the others */
    Replay(MessageStore store, Session session, Long since, long upTo, ReceiptCatchUp receipts, long pauseAboveBytes,
           ScheduledExecutorService timers, Executor readers) {
        this.store = store;
        this.session = session;
        this.upTo = upTo;
        this.receipts = receipts;
        this.pauseAboveBytes = pauseAboveBytes;
        this.timers = timers;
        this.readers = readers;
        this.newestOnly = since == null;
        this.cursor = since == null ? 0 : since;
        this.firstSeq = Math.min(cursor, upTo) + 1;
    }

    @Override
    public void run() {
        try {
            if (newestOnly) {
                List<StoredMessage> newest = store.newestBefore(session.room().name, upTo + 1, Protocol.DEFAULT_REPLAY_COUNT);
                for (StoredMessage m : newest) {
                    session.member().send(Frames.replay(m));
                }
                finish(newest.isEmpty() ? 1 : newest.get(0).message().seq(),
                        newest.isEmpty() ? 0 : newest.get(newest.size() - 1).message().seq());
                return;
            }
            while (session.state == Session.State.JOINED) {
                List<StoredMessage> page = store.range(session.room().name, cursor, upTo, PAGE_COUNT, PAGE_BYTES);
                if (page.isEmpty()) {
                    finish(firstSeq, upTo);
                    return;
                }
                for (StoredMessage m : page) {
                    if (session.member().bufferedBytes() > pauseAboveBytes) {
                        timers.schedule(() -> readers.execute(this), PAUSE_MILLIS, TimeUnit.MILLISECONDS);
                        return;
                    }
                    session.member().send(Frames.replay(m));
                    cursor = m.message().seq();
                }
            }
        } catch (StoreException e) {
            log.error("replay to {} failed: {}", session.nick(), e.getMessage());
            session.member().close(CloseCodes.SERVER_ERROR, "the relay could not read its history; reconnect to resume");
        }
    }

    /** The messages with {@code first <= seq <= last} were replayed (none when {@code first > last}). */
    private void finish(long first, long last) {
        if (receipts == null) {
            release(session);
            return;
        }
        receipts.messagesReplayed(first, last);
        receipts.run();
    }

    /** Ends a member's catch-up: what arrived live meanwhile follows. */
    static void release(Session session) {
        synchronized (session.room()) {
            session.replayDone();
        }
    }

    /**
     * Answers a {@code history} request: the newest {@code limit} messages before {@code before}, for a version-3
     * member their receipts, then history-end.
     */
    static void history(MessageStore store, Session s, long before, int limit) {
        try {
            List<StoredMessage> page = store.newestBefore(s.room().name, before, limit);
            for (StoredMessage m : page) {
                s.member().send(Frames.replay(m));
            }
            if (s.hearsReceipts() && !page.isEmpty()) {
                ReceiptCatchUp.history(store, s, page.get(0).message().seq(), page.get(page.size() - 1).message().seq());
            }
            s.member().sendText(ServerCodec.encode(new ServerMessage.HistoryEnd(before, page.size())));
        } catch (StoreException e) {
            log.error("history for {} failed: {}", s.nick(), e.getMessage());
            s.member().close(CloseCodes.SERVER_ERROR, "the relay could not read its history; reconnect to resume");
        }
    }
}
