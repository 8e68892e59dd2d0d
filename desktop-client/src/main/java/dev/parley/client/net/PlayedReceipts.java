package dev.parley.client.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The played receipts this person says (protocol 3), kept until the relay confirms them: a receipt is said at most
 * once a session per voice message ({@link #played}), kept until the relay's copy with this person's nick comes back
 * ({@link #confirmed}), and sent again after every {@code welcome} until then.
 *
 * <p>One receipt is on its way at a time, the lowest {@code seq} first. The relay's answers to a receipt carry no
 * {@code ref}, so this is what tells which receipt an answer is about: a {@code not_found} (the message is gone) or a
 * {@code bad_request} forgets the one on its way; a {@code rate_limited} sends it again
 * {@value #RATE_LIMIT_RETRY_MILLIS} ms later unless its answer came meanwhile (typing and history requests are
 * rate-limited too, and their refusals carry no {@code ref} either). Receipts are rare, so waiting for each answer
 * costs nothing a person notices.
 *
 * <p>Turned off ({@link #tell(boolean) tell(false)}: the person's setting), nothing is said, and what was waiting is
 * dropped. Thread-safe; it never holds its own lock while sending, so the connection may call it holding its own.
 */
final class PlayedReceipts {
    private static final Logger log = LoggerFactory.getLogger(PlayedReceipts.class);
    static final long RATE_LIMIT_RETRY_MILLIS = 2000;

    /** Where receipts go: the connection's current socket. */
    interface Wire {
        /**
         * Sends a receipt for {@code seq} if joined on a session that speaks receipts and {@code stillDue} (asked
         * holding the connection's lock, so that a welcome in between cannot put the same receipt on its way twice);
         * returns whether it was sent.
         */
        boolean sendIfSpoken(long seq, BooleanSupplier stillDue);
    }

    private final Wire wire;
    private final ScheduledExecutorService scheduler;
    /** Voice messages said this session (confirmed or not): never said again. */
    private final Set<Long> said = new HashSet<>();
    /** Said and not confirmed yet, lowest seq first. */
    private final TreeSet<Long> waiting = new TreeSet<>();
    private boolean telling = true;
    /** The receipt on its way on the current socket, or 0. */
    private long onItsWay;
    /** Changes with every socket and every answer, so a late retry knows it is stale. */
    private int turn;

    PlayedReceipts(Wire wire, ScheduledExecutorService scheduler) {
        this.wire = wire;
        this.scheduler = scheduler;
    }

    /**
     * This person heard someone else's voice message {@code seq} to its end: says so now if joined on a session that
     * speaks receipts, else after the next welcome that does. Returns false when it was said already this session,
     * when telling is off, or when {@code seq} is no seq.
     */
    boolean played(long seq) {
        synchronized (this) {
            if (!telling || seq < 1 || !said.add(seq)) {
                return false;
            }
            waiting.add(seq);
        }
        sendNext();
        return true;
    }

    /**
     * A receipt of this person came from the relay (the confirmation of one said, or one said in an earlier session
     * that the relay replays): that message is never said again this session.
     */
    void confirmed(long seq) {
        synchronized (this) {
            said.add(seq);
            waiting.remove(seq);
            if (onItsWay != seq) {
                return;
            }
            onItsWay = 0;
            turn++;
        }
        sendNext();
    }

    /** An error without {@code ref}: it may be the answer to the receipt on its way. */
    void refused(ServerMessage.Error error) {
        if (error.ref() != null) {
            return;
        }
        synchronized (this) {
            if (onItsWay == 0) {
                return;
            }
            if (error.code() == ErrorCode.RATE_LIMITED) {
                int now = turn;
                long seq = onItsWay;
                scheduler.schedule(() -> retry(now, seq), RATE_LIMIT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                return;
            }
            if (error.code() != ErrorCode.NOT_FOUND && error.code() != ErrorCode.BAD_REQUEST) {
                return;
            }
            log.debug("the relay refused the played receipt for {}: {}", onItsWay, error.message());
            waiting.remove(onItsWay); // the message is gone (or the relay will never take it): nothing to say
            onItsWay = 0;
            turn++;
        }
        sendNext();
    }

    /** The relay refused the receipt for {@code seq} for its rate: sent again if nothing answered it since. */
    private void retry(int then, long seq) {
        synchronized (this) {
            if (turn != then || onItsWay != seq) {
                return;
            }
            onItsWay = 0;
            turn++;
        }
        sendNext();
    }

    /** Joined (again): what waits goes out on the new session, one by one. */
    void joined() {
        synchronized (this) {
            onItsWay = 0;
            turn++;
        }
        sendNext();
    }

    /** The socket is gone: nothing is on its way any more (it goes again after the next welcome). */
    synchronized void socketGone() {
        onItsWay = 0;
        turn++;
    }

    /**
     * The person's setting: off, nothing is said any more and receipts not confirmed yet are dropped (and may be said
     * again if it is turned on and the message played again); on, receipts are said again.
     */
    void tell(boolean on) {
        synchronized (this) {
            telling = on;
            if (on) {
                return;
            }
            said.removeAll(waiting);
            waiting.clear();
            onItsWay = 0;
            turn++;
        }
    }

    /** Receipts said and not confirmed yet, lowest seq first. */
    synchronized List<Long> waiting() {
        return List.copyOf(waiting);
    }

    private synchronized boolean isTurn(int t) {
        return turn == t;
    }

    /** Sends the lowest waiting receipt if none is on its way (outside the lock: the wire takes the connection's). */
    private void sendNext() {
        long seq;
        int now;
        synchronized (this) {
            if (onItsWay != 0 || waiting.isEmpty()) {
                return;
            }
            seq = waiting.first();
            onItsWay = seq;
            now = ++turn;
        }
        if (!wire.sendIfSpoken(seq, () -> isTurn(now))) {
            synchronized (this) {
                if (turn == now) {
                    onItsWay = 0; // not joined: it goes after the next welcome
                }
            }
        }
    }
}
