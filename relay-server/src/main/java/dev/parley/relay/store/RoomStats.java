package dev.parley.relay.store;

/** What the writer knows of one room: its newest seq and what retention counts. Owned by the writer thread. */
final class RoomStats {
    /** Highest seq committed; read by other threads. */
    volatile long committedSeq;
    /** Highest seq given out, including the batch being written. */
    long lastSeq;
    long count;
    long bytes;
    /** Oldest retained seq (meaningful when count > 0). */
    long minSeq;

    RoomStats(long lastSeq) {
        this.committedSeq = lastSeq;
        this.lastSeq = lastSeq;
    }
}
