package dev.parley.relay.store;

import java.util.List;

/**
 * Durable storage of a relay's chat and voice messages, numbered per room.
 *
 * <p>Contract: {@link #append} gives the message the room's next {@code seq} (1, 2, 3, ... never reused,
 * surviving restarts) and the store's clock as {@code ts}, and tells its listener only after the message is
 * committed to disk, so a message is never acknowledged before it is durable. Listeners are told in
 * increasing {@code seq} order on one thread. A message whose (room, nick case-insensitively, id) is already
 * stored is not stored again: the listener gets the stored copy with {@code duplicate = true}.
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

    /** Waits until everything appended so far is committed and its listeners told. */
    void flush() throws InterruptedException;

    /** Flushes and releases the store; appends after this fail. */
    @Override
    void close();
}
