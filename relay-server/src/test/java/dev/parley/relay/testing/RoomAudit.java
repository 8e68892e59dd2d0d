package dev.parley.relay.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of a test of {@link FailoverClient}s in one room of a PostgreSQL cluster: the senders stop, everything they
 * made is acknowledged, every member catches up, and then the database and every member are checked: seqs 1..last
 * with no gap, no id stored twice, every acknowledged id stored at the seq its sender was told, nothing stored that no
 * sender made, every member holding exactly the stored seqs, once each, in order, and nothing against the protocol.
 */
public final class RoomAudit {
    /** What the audit counted. */
    public record Counts(long made, long stored, long idsStoredTwice, int duplicates, int gaps, int resends,
                         int dedupeAnswers, Map<Integer, Integer> closes) {
    }

    private RoomAudit() {
    }

    /** Stops the senders and waits (bounded by {@code settle}) until everything is acknowledged and received. */
    public static void settle(List<FailoverClient> senders, List<FailoverClient> everyone, PostgresServer postgres,
                              String database, String room, Duration settle) throws Exception {
        for (FailoverClient s : senders) {
            s.stopSending();
        }
        for (FailoverClient s : senders) {
            s.await("every message acknowledged", settle, () -> s.unacknowledged() == 0);
        }
        long last = lastSeq(postgres, database, room);
        for (FailoverClient c : everyone) {
            c.await("holding seq " + last, settle, () -> c.highest() >= last);
        }
    }

    /** Checks the database and every member; returns the counts for a test's output. */
    public static Counts check(List<FailoverClient> senders, List<FailoverClient> everyone, PostgresServer postgres,
                               String database, String room) throws SQLException {
        Map<Long, String> stored = new TreeMap<>();
        Map<String, Integer> copies = new HashMap<>();
        try (Connection db = postgres.connect(database);
             PreparedStatement s = db.prepareStatement(
                     "SELECT seq, sender, convert_from(id, 'UTF8') FROM messages WHERE room = ? ORDER BY seq")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    stored.put(r.getLong(1), r.getString(3));
                    copies.merge(r.getString(2).toLowerCase() + "/" + r.getString(3), 1, Integer::sum);
                }
            }
        }
        long last = lastSeq(postgres, database, room);
        List<Long> oneToLast = new ArrayList<>();
        for (long s = 1; s <= last; s++) {
            oneToLast.add(s);
        }
        assertThat(stored.keySet()).as("stored seqs are 1..%d, no gap", last).containsExactlyElementsOf(oneToLast);
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                .as("ids stored more than once").isEmpty();

        long made = 0;
        for (FailoverClient s : senders) {
            Map<String, Long> acks = s.acknowledged();
            assertThat(acks).as("%s: everything it made was acknowledged", s.nick()).hasSize((int) s.generated());
            for (Map.Entry<String, Long> a : acks.entrySet()) {
                assertThat(stored.get(a.getValue())).as("%s: acknowledged %s at seq %d", s.nick(), a.getKey(),
                        a.getValue()).isEqualTo(a.getKey());
            }
            made += s.generated();
        }
        assertThat(last).as("every stored message is one a sender made").isEqualTo(made);

        int duplicates = 0;
        int gaps = 0;
        int resends = 0;
        int answers = 0;
        Map<Integer, Integer> closes = new TreeMap<>();
        for (FailoverClient c : everyone) {
            assertThat(c.problems()).as("%s: problems", c.nick()).isEmpty();
            assertThat(c.held()).as("%s: every stored seq once, with its id", c.nick()).isEqualTo(stored);
            duplicates += c.duplicates();
            gaps += c.gaps();
            resends += c.resends();
            answers += c.dedupeAnswers();
            c.closes().forEach((code, n) -> closes.merge(code, n, Integer::sum));
        }
        assertThat(duplicates).as("duplicate deliveries").isZero();
        assertThat(gaps).as("gaps").isZero();
        return new Counts(made, stored.size(), copies.values().stream().filter(n -> n > 1).count(), duplicates, gaps,
                resends, answers, closes);
    }

    /** The room's last seq as the database has it. */
    public static long lastSeq(PostgresServer postgres, String database, String room) throws SQLException {
        try (Connection db = postgres.connect(database);
             PreparedStatement s = db.prepareStatement("SELECT last_seq FROM rooms WHERE room = ?")) {
            s.setString(1, room);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }
}
