package dev.parley.relay.store;

import dev.parley.relay.RelayEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One group commit of the writer thread: a batch's messages and receipts go into one transaction in the order they
 * were appended, the new clips' files are written and synced, retention drops what is over its limits, the
 * transaction commits; only then are listeners told (in that order) and the dropped clips' files deleted.
 */
final class SqliteGroupCommit {
    private static final Logger log = LoggerFactory.getLogger(SqliteGroupCommit.class);

    /** Something to store, with whom to tell. */
    sealed interface Write extends WriteQueue.Write permits Append, Receipt {
    }

    record Append(NewMessage message, AppendListener listener) implements Write {
        @Override
        public void failed(Exception cause) {
            listener.failed(cause);
        }
    }

    record Receipt(NewReceipt receipt, ReceiptListener listener) implements Write {
        @Override
        public void failed(Exception cause) {
            listener.failed(cause);
        }
    }

    private final Connection connection;
    private final Map<String, RoomStats> rooms;
    private final Function<String, RoomStats> roomFor;
    private final ClipFiles clips;
    private final SqliteRetention retention;
    private final Clock clock;
    private final Runnable rollback;
    private final RelayEvents events;
    /** Whether the latest commit failed; read by health checks on other threads. */
    private volatile boolean lastFailed;

    /**
     * @param roomFor  a room's figures, made (with a new number) for a room never seen
     * @param rollback rolls the open transaction back and reloads the figures it may have changed
     * @param events   told of every commit, with what it stored and how long it took, or that it failed
     */
    SqliteGroupCommit(Connection connection, Map<String, RoomStats> rooms, Function<String, RoomStats> roomFor,
                      ClipFiles clips, SqliteRetention retention, Clock clock, Runnable rollback, RelayEvents events) {
        this.connection = connection;
        this.rooms = rooms;
        this.roomFor = roomFor;
        this.clips = clips;
        this.retention = retention;
        this.clock = clock;
        this.rollback = rollback;
        this.events = events;
    }

    /** Whether the latest commit failed (nothing of its batch was stored); false before the first. */
    boolean lastFailed() {
        return lastFailed;
    }

    /** Stores {@code writes} in one transaction and tells each listener, or tells them all that it failed. */
    void commit(List<Write> writes) {
        long start = System.nanoTime();
        int chats = 0;
        int voices = 0;
        int newReceipts = 0;
        List<Runnable> tell = new ArrayList<>(writes.size());
        Set<String> touched = new LinkedHashSet<>();
        Map<String, Long> receiptIds = new HashMap<>();
        List<ClipFiles.Key> dropped = new ArrayList<>();
        List<ClipFiles.Clip> written = List.of();
        try {
            try (SqliteInserts inserts = new SqliteInserts(connection, roomFor, clips);
                 SqliteReceipts receipts = new SqliteReceipts(connection)) {
                for (Write w : writes) {
                    if (w instanceof Append a) {
                        SqliteInserts.Inserted r = inserts.insert(a.message(), clock.millis());
                        if (!r.duplicate()) {
                            touched.add(a.message().room());
                            if (a.message().isVoice()) {
                                voices++;
                            } else {
                                chats++;
                            }
                        }
                        tell.add(() -> a.listener().stored(r.message(), r.duplicate()));
                    } else if (w instanceof Receipt r) {
                        SqliteReceipts.Outcome o = receipts.insert(r.receipt(), clock.millis());
                        if (o.isNew()) {
                            newReceipts++;
                            receiptIds.merge(r.receipt().room(), o.receipt().id(), Math::max);
                        }
                        tell.add(() -> o.tell(r.listener()));
                    }
                }
                written = inserts.newClips();
            }
            saveLastSeqs(touched);
            for (String room : touched) {
                retention.enforceCountAndBytes(room, dropped);
            }
            clips.writeAll(written);
            connection.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            log.error("storing {} message(s) and receipt(s) failed, nothing of them was stored: {}", writes.size(),
                    e.getMessage());
            lastFailed = true;
            events.commitFailed(System.nanoTime() - start);
            rollback.run();
            // should a failed commit reappear after a restart, its rows have no files: the start-up check removes them
            clips.deleteQuietly(written.stream().map(ClipFiles.Clip::key).toList());
            for (Write w : writes) {
                w.failed(e);
            }
            return;
        }
        lastFailed = false;
        events.committed(chats, voices, newReceipts, System.nanoTime() - start);
        for (String room : touched) {
            RoomStats stats = rooms.get(room);
            stats.committedSeq = stats.lastSeq;
        }
        receiptIds.forEach((room, id) -> {
            RoomStats stats = rooms.get(room);
            stats.committedReceiptId = Math.max(stats.committedReceiptId, id);
        });
        for (Runnable t : tell) {
            try {
                t.run();
            } catch (RuntimeException e) {
                log.error("a store listener failed", e);
            }
        }
        clips.deleteQuietly(dropped);
    }

    private void saveLastSeqs(Set<String> touched) throws SQLException {
        try (PreparedStatement seq = connection.prepareStatement("INSERT INTO rooms(room, last_seq, id) VALUES (?, ?, ?)"
                + " ON CONFLICT(room) DO UPDATE SET last_seq = excluded.last_seq")) {
            for (String room : touched) {
                RoomStats stats = rooms.get(room);
                seq.setString(1, room);
                seq.setLong(2, stats.lastSeq);
                seq.setLong(3, stats.id);
                seq.addBatch();
            }
            seq.executeBatch();
        }
    }
}
