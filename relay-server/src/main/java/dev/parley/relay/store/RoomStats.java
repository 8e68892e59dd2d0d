package dev.parley.relay.store;

/** What the writer knows of one room: its number, its newest seq and what retention counts. Owned by the writer thread. */
final class RoomStats {
    /** The room's number ({@code rooms.id}): the name of its folder of clip files. */
    final long id;
    /** Highest seq committed; read by other threads. */
    volatile long committedSeq;
    /** Highest played-receipt id committed for this room (0 for none); read by other threads. */
    volatile long committedReceiptId;
    /** Highest seq given out, including the batch being written. */
    long lastSeq;
    long count;
    long bytes;
    /** Oldest retained seq (meaningful when count > 0). */
    long minSeq;

    RoomStats(long id, long lastSeq) {
        this.id = id;
        this.committedSeq = lastSeq;
        this.lastSeq = lastSeq;
    }

    ClipFiles.Key clip(long seq) {
        return new ClipFiles.Key(id, seq);
    }
}
