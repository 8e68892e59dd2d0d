package dev.parley.relay.store.postgres;

import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.StoreException;
import dev.parley.relay.store.WriteQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes the database on its {@link WriteQueue}'s thread: each batch of appended messages and receipts (at most
 * {@link #MAX_BATCH} writes or about {@link #MAX_BATCH_BYTES} of clips) is one {@link PgGroupCommit} on the writer's
 * connection, and retention by age is swept about once a minute.
 *
 * <p>It holds one connection and drops it on any failure it cannot roll back from. Without a connection, a batch
 * first connects (bounded by {@link Connections#CONNECT}); while the database stays unreachable it tries at most once
 * per {@link #RETRY_MILLIS}, failing the batches in between at once, and when idle it tries once a second on its
 * own, so {@link #problem()} clears when the database is back even if nobody writes. A batch that fails on a
 * connection that was already open (the database restarted meanwhile) is tried once more on a new one: should its
 * first commit have gone through unseen, the second attempt finds its messages and answers them as duplicates.
 */
final class PgWriter implements WriteQueue.Worker<PgGroupCommit.Write> {
    private static final Logger log = LoggerFactory.getLogger(PgWriter.class);
    private static final int MAX_BATCH = 1024;
    private static final long MAX_BATCH_BYTES = 16L << 20;
    private static final long AGE_SWEEP_MILLIS = 60_000;
    private static final long RETRY_MILLIS = 1_000;

    private final Connections connections;
    private final String shown;
    private final PgGroupCommit groupCommit;
    private final PgRetention retention;
    private final Clock clock;
    private final RelayEvents events;
    private final WriteQueue<PgGroupCommit.Write> queue;
    /** Why the latest commit or connection attempt failed, or {@code null} after a success; read by health checks. */
    private volatile String problem;
    private Connection connection;
    /** Why the latest attempt to connect failed, or {@code null} when it worked; read by other threads. */
    private volatile String connectFailure;
    private long lastConnectAttempt;
    private long lastUsed;
    private long lastAgeSweep;

    PgWriter(Connections connections, String shown, PgRetention retention, Clock clock, RelayEvents events) {
        this.connections = connections;
        this.shown = shown;
        this.retention = retention;
        this.groupCommit = new PgGroupCommit(retention, clock);
        this.clock = clock;
        this.events = events;
        this.queue = new WriteQueue<>("parley-store-writer", MAX_BATCH, MAX_BATCH_BYTES, this);
    }

    void start() {
        queue.start();
    }

    void submit(PgGroupCommit.Write write) {
        queue.submit(write);
    }

    /** Why the writer cannot store now (stopped, the database unreachable, its latest commit failed), or {@code null}. */
    String problem() {
        if (queue.closed()) {
            return "the store is closed";
        }
        return problem;
    }

    /** Why the writer's latest attempt to connect failed (the database is out of reach), or {@code null}. */
    String unreachable() {
        return connectFailure;
    }

    void flush() throws InterruptedException {
        queue.flush();
    }

    void stop() {
        queue.stop();
    }

    @Override
    public long waitMillis() {
        return problem != null ? RETRY_MILLIS : AGE_SWEEP_MILLIS;
    }

    @Override
    public void between(boolean idle) {
        if (idle && problem != null) {
            probe();
        }
        if (clock.millis() - lastAgeSweep >= AGE_SWEEP_MILLIS && problem == null) {
            sweepByAge();
        }
    }

    @Override
    public void finished() {
        disconnect();
    }

    /** Stores one batch in one transaction and tells each write's listener, or tells them all that it failed. */
    @Override
    public void commit(List<PgGroupCommit.Write> writes) {
        long start = System.nanoTime();
        PgGroupCommit.Outcome outcome;
        try {
            outcome = attempt(writes);
        } catch (SQLException | RuntimeException e) {
            if (problem == null) {
                // a connection that broke while committing may have committed: the senders' retries (same ids)
                // then find those messages stored, once
                log.error("storing {} message(s) and receipt(s) in {} failed; not acknowledged, the senders will "
                        + "send them again: {}", writes.size(), shown, e.getMessage());
            } else {
                // the database is still out: said once when it went, and again when it is back
                log.debug("storing {} message(s) and receipt(s) in {} failed: {}", writes.size(), shown, e.getMessage());
            }
            problem = "storing in the database " + shown + " failed: " + e.getMessage();
            events.commitFailed(System.nanoTime() - start);
            StoreException failure = new StoreException("the database " + shown + " could not store it: "
                    + e.getMessage(), e);
            for (PgGroupCommit.Write w : writes) {
                w.failed(failure);
            }
            return;
        }
        if (problem != null) {
            log.info("storing in the database {} works again", shown);
        }
        problem = null;
        events.committed(outcome.chats(), outcome.voices(), outcome.receipts(), System.nanoTime() - start);
        for (Runnable t : outcome.tell()) {
            try {
                t.run();
            } catch (RuntimeException e) {
                log.error("a store listener failed", e);
            }
        }
    }

    /** Runs the batch, once more on a new connection if it failed on one opened before. */
    private PgGroupCommit.Outcome attempt(List<PgGroupCommit.Write> writes) throws SQLException {
        boolean fresh = connection == null;
        Connection c = connection();
        try {
            PgGroupCommit.Outcome outcome = groupCommit.run(c, writes);
            lastUsed = System.nanoTime();
            return outcome;
        } catch (SQLException | RuntimeException e) {
            abandon(c, e);
            if (fresh || connection != null || !isConnectionFailure(e)) {
                throw e;
            }
            log.info("the database connection broke ({}); trying the batch once more on a new one", e.getMessage());
            lastConnectAttempt = 0;
            Connection again = connection();
            try {
                PgGroupCommit.Outcome outcome = groupCommit.run(again, writes);
                lastUsed = System.nanoTime();
                return outcome;
            } catch (SQLException | RuntimeException retry) {
                abandon(again, retry);
                throw retry;
            }
        }
    }

    /** Rolls the failed transaction back, or drops the connection when that fails too. */
    private void abandon(Connection c, Exception cause) {
        try {
            if (isConnectionFailure(cause) || c.isClosed()) {
                disconnect();
                return;
            }
            c.rollback();
        } catch (SQLException e) {
            disconnect();
        }
    }

    private static boolean isConnectionFailure(Exception e) {
        if (!(e instanceof SQLException sql)) {
            return false;
        }
        String state = sql.getSQLState();
        // 08: connection exceptions; 57P0x: the server shut down or restarts
        return state == null || state.startsWith("08") || state.startsWith("57P0");
    }

    /**
     * The open connection, checked when it has been idle a while, or a new one; fails at once while the previous
     * attempt failed less than {@link #RETRY_MILLIS} ago.
     */
    private Connection connection() throws SQLException {
        if (connection != null && System.nanoTime() - lastUsed > TimeUnit.SECONDS.toNanos(10)
                && !connection.isValid((int) Connections.CONNECT.toSeconds())) {
            disconnect();
        }
        if (connection != null) {
            return connection;
        }
        long now = System.nanoTime();
        if (connectFailure != null && now - lastConnectAttempt < TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS)) {
            throw new SQLException(connectFailure + " (tried again within the second)", "08001");
        }
        lastConnectAttempt = now;
        try {
            connection = connections.writer();
            connectFailure = null;
        } catch (SQLException e) {
            connectFailure = e.getMessage();
            problem = "cannot connect to the database " + shown + ": " + e.getMessage();
            throw e;
        }
        lastUsed = System.nanoTime();
        return connection;
    }

    /** While the database is unreachable: tries to connect, and clears the problem when that works. */
    private void probe() {
        try {
            lastConnectAttempt = 0;
            if (!connection().isValid((int) Connections.CONNECT.toSeconds())) {
                disconnect();
                return;
            }
            lastUsed = System.nanoTime();
            if (problem != null) {
                log.info("the database {} answers again", shown);
            }
            problem = null;
        } catch (SQLException e) {
            log.debug("the database {} is still unreachable: {}", shown, e.getMessage());
        }
    }

    private void disconnect() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a broken database connection failed: {}", e.getMessage());
        }
        connection = null;
    }

    private void sweepByAge() {
        lastAgeSweep = clock.millis();
        long cutoff = lastAgeSweep - retention.limits().maxAge().toMillis();
        try {
            int rows = retention.dropOlderThan(connection(), cutoff);
            lastUsed = System.nanoTime();
            if (rows > 0) {
                log.info("retention: dropped {} message(s) older than {}", rows, retention.limits().maxAge());
            }
        } catch (SQLException e) {
            log.error("retention by age failed: {}", e.getMessage());
            if (isConnectionFailure(e)) {
                disconnect();
            }
        }
    }
}
