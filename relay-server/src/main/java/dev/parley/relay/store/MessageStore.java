package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of a relay's chat and voice messages, numbered per room, and of the played receipts of its voice
 * messages.
 *
 * <p>Contract: {@link #append} gives the message the room's next {@code seq} (1, 2, 3, ... never reused,
 * surviving restarts) and the store's clock as {@code ts}, and tells its listener only after the message is
 * committed to disk, so a message is never acknowledged before it is durable. Listeners are told in
 * increasing {@code seq} order on one thread. A message whose (room, nick case-insensitively, id) is already
 * stored is not stored again: the listener gets the stored copy with {@code duplicate = true}.
 *
 * <p>Receipts: {@link #appendReceipt} goes through the same queue and commits as messages, so a receipt is durable
 * before its listener hears of it, and one appended after a message sees that message. It stores a receipt once per
 * (room, seq, nick case-insensitively), only for a voice message of that room sent by someone else, with the store's
 * clock as {@code ts} and an {@code id} that increases in the order the room's receipts are stored, never reused
 * (the ids of different rooms are unrelated: SQLite numbers across rooms, PostgreSQL per room). Retention removes a
 * message's receipts with the message.
 */
public interface MessageStore extends AutoCloseable {

    /** Queues a message for the next group commit; returns at once. */
    void append(NewMessage message, AppendListener listener);

    /** The highest committed {@code seq} of a room, 0 for a room with none. */
    long lastSeq(String room);

    /** Messages with {@code afterSeq < seq <= upToSeq}, oldest first, stopping after {@code maxCount} or once {@code maxBytes} are passed. */
    List<StoredMessage> range(String room, long afterSeq, long upToSeq, int maxCount, long maxBytes);

    /** The newest {@code count} messages with {@code seq < beforeSeq}, oldest first. */
    List<StoredMessage> newestBefore(String room, long beforeSeq, int count);

    /** Queues a played receipt for the next group commit; returns at once. */
    void appendReceipt(NewReceipt receipt, ReceiptListener listener);

    /** The highest committed receipt {@code id} of a room, 0 for a room with none. */
    long lastReceiptId(String room);

    /**
     * The receipts of a room with {@code afterId < id <= upToId} for messages with {@code fromSeq <= seq <= toSeq},
     * in increasing {@code id}, at most {@code maxCount}.
     */
    List<ServerMessage.Played> receipts(String room, long afterId, long upToId, long fromSeq, long toSeq, int maxCount);

    /**
     * A health check: why the store cannot serve now, or empty when it can. Cheap: it looks at the writer (running,
     * its latest commit succeeded) and runs one small query on the read path, waiting at most about {@code timeout}
     * for a reader. Never throws; safe from any thread.
     */
    Optional<String> problem(Duration timeout);

    /**
     * The identity of the cluster whose relays share this store: the same for every relay on one database, made once
     * when the database is first prepared, kept for its lifetime. Empty for a store only one relay uses (SQLite).
     * Lower-case hexadecimal, 32 digits; read once at open, so it is cheap.
     */
    default Optional<String> clusterId() {
        return Optional.empty();
    }

    /** Waits until everything appended so far is committed and its listeners told. */
    void flush() throws InterruptedException;

    /** Flushes and releases the store; appends after this fail. */
    @Override
    void close();
}
