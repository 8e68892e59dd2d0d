package dev.parley.relay.store;

import dev.parley.protocol.ServerMessage.Played;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.Retention;
import dev.parley.relay.store.postgres.PgRetention;
import dev.parley.relay.store.postgres.PostgresMessageStore;
import dev.parley.relay.store.postgres.PostgresUrl;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.PostgresDatabases;
import dev.parley.relay.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.parley.relay.store.MessageStoreContract.receipt;
import static dev.parley.relay.store.MessageStoreContract.submitReceipt;
import static dev.parley.relay.store.StoreFixture.append;
import static dev.parley.relay.store.StoreFixture.await;
import static dev.parley.relay.store.StoreFixture.clip;
import static dev.parley.relay.store.StoreFixture.submit;
import static dev.parley.relay.store.StoreFixture.voice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the PostgreSQL store adds to the contract: several relays (here several stores, as each relay has one) on one
 * database, a schema made once when they start together, credentials, and an outage of the database.
 */
class PostgresStoreTest {
    @RegisterExtension
    static final PostgresDatabases postgres = new PostgresDatabases();
    private final List<MessageStore> opened = Collections.synchronizedList(new ArrayList<>());
    private String database;
    private String url;

    @BeforeEach
    void createDatabase() {
        postgres.server().restart(); // in case a test stopped it and failed before starting it again
        PostgresDatabases.Database created = postgres.newDatabase("cluster");
        database = created.name();
        url = created.url();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(MessageStore::close);
    }

    private MessageStore open(String url, Map<String, String> env) {
        try {
            MessageStore store = PostgresMessageStore.open(PostgresUrl.parse(url, env), StoreFixture.KEEP_ALL,
                    Clock.systemUTC(), RelayEvents.NONE);
            opened.add(store);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MessageStore open() {
        return open(url, Map.of());
    }

    /** One listener call: which store told it, and the message. */
    private record Told(int store, String room, long seq, boolean duplicate) {
    }

    @Test
    void twoRelaysAppendingToTheSameRoomsShareOneGapFreeSeqPerRoomInCommitOrder() throws Exception {
        MessageStore[] stores = {open(), open()};
        List<List<Told>> told = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        String[] rooms = {"lobby", "hall"};
        int appendersPerStore = 8;
        int perAppender = 60;
        ExecutorService pool = Executors.newFixedThreadPool(2 * appendersPerStore);
        List<Future<?>> done = new ArrayList<>();
        List<CompletableFuture<StoreFixture.Outcome>> outcomes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < 2; s++) {
            for (int a = 0; a < appendersPerStore; a++) {
                int store = s;
                String nick = "n" + s + "_" + a;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perAppender; i++) {
                        String room = rooms[i % 2];
                        outcomes.add(submit(stores[store], NewMessage.chat(room, nick, "c-" + i, nick + " " + i))
                                .thenApply(o -> {
                                    told.get(store).add(new Told(store, room, o.message().message().seq(),
                                            o.duplicate()));
                                    return o;
                                }));
                    }
                    return null;
                }));
            }
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        for (CompletableFuture<StoreFixture.Outcome> f : new ArrayList<>(outcomes)) {
            await(f);
        }
        int perRoom = 2 * appendersPerStore * perAppender / 2;
        for (String room : rooms) {
            List<Long> all = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                List<Long> mine = told.get(s).stream().filter(t -> t.room().equals(room)).map(Told::seq).toList();
                assertThat(mine).as("store %d told %s in its own seq order", s, room).isSorted()
                        .doesNotHaveDuplicates();
                all.addAll(mine);
            }
            Collections.sort(all);
            assertThat(all).as("one gap-free seq for %s across both stores", room)
                    .isEqualTo(LongStream.rangeClosed(1, perRoom).boxed().toList());
            assertThat(stores[0].lastSeq(room)).isEqualTo(perRoom);
            assertThat(stores[1].lastSeq(room)).isEqualTo(perRoom);
            assertThat(commitTimesInSeqOrder(room)).as("commit order is seq order in %s", room).hasSize(perRoom)
                    .isSorted();
        }
        assertThat(told.get(0)).extracting(Told::duplicate).containsOnly(false);
        assertThat(told.get(1)).extracting(Told::duplicate).containsOnly(false);
        assertThat(told.get(0).stream().map(Told::store).distinct()).containsExactly(0);

        StoreFixture.Outcome resent = append(stores[1], NewMessage.chat("lobby", "N0_0", "c-0", "sent again elsewhere"));
        assertThat(resent.duplicate()).as("a message stored through one relay is a duplicate at the other").isTrue();
        assertThat(resent.message().message().from()).isEqualTo("n0_0");
    }

    /** The commit time of each message of {@code room}, in seq order. */
    private List<Timestamp> commitTimesInSeqOrder(String room) throws SQLException {
        List<Timestamp> out = new ArrayList<>();
        try (Connection c = postgres.server().connect(database); PreparedStatement ps = c.prepareStatement(
                "SELECT pg_xact_commit_timestamp(xmin) FROM messages WHERE room = ? ORDER BY seq")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1));
                }
            }
        }
        return out;
    }

    @Test
    void receiptsThroughTwoRelaysGetGapFreeIdsPerRoomAndOneCopyPerPerson() throws Exception {
        MessageStore a = open();
        MessageStore b = open();
        append(a, voice("lobby", "alice", "v-1", clip(1, 800)));
        append(b, voice("lobby", "alice", "v-2", clip(2, 800)));
        List<CompletableFuture<MessageStoreContract.Told>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // every listener twice, once through each relay: one receipt stored, the other answered with it
            String nick = "listener" + (i / 2);
            long seq = 1 + i % 2;
            sent.add(submitReceipt(a, "lobby", seq, nick));
            sent.add(submitReceipt(b, "lobby", seq, nick));
        }
        Map<String, Played> byListenerAndSeq = new HashMap<>();
        int duplicates = 0;
        for (CompletableFuture<MessageStoreContract.Told> f : sent) {
            MessageStoreContract.Told t = f.get(30, TimeUnit.SECONDS);
            assertThat(t.receipt()).isNotNull();
            Played earlier = byListenerAndSeq.putIfAbsent(t.receipt().nick() + "@" + t.receipt().seq(), t.receipt());
            if (earlier != null) {
                assertThat(t.receipt()).isEqualTo(earlier);
                duplicates++;
            }
        }
        assertThat(duplicates).isEqualTo(40);
        assertThat(byListenerAndSeq.values()).extracting(Played::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(b.lastReceiptId("lobby")).isEqualTo(40);
        assertThat(a.receipts("lobby", 0, 100, 0, 10, 100)).hasSize(40).extracting(Played::id).isSorted();
        assertThat(receipt(b, "lobby", 1, "ALICE").refusal()).isEqualTo(ReceiptListener.Refusal.OWN_MESSAGE);
    }

    @Test
    void relaysStartingTogetherOnAnEmptyDatabaseMakeTheSchemaOnce() throws Exception {
        int relays = 4;
        ExecutorService pool = Executors.newFixedThreadPool(relays);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<MessageStore>> starting = new ArrayList<>();
        for (int i = 0; i < relays; i++) {
            starting.add(pool.submit(() -> {
                go.await();
                return open();
            }));
        }
        go.countDown();
        List<MessageStore> stores = new ArrayList<>();
        for (Future<MessageStore> f : starting) {
            stores.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        try (Connection c = postgres.server().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT version), count(*) FILTER (WHERE success)"
                     + " FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("migrations applied").isPositive();
            assertThat(rs.getInt(1)).as("each migration applied once").isEqualTo(rs.getInt(2));
            assertThat(rs.getInt(3)).as("all succeeded").isEqualTo(rs.getInt(1));
        }
        for (int i = 0; i < relays; i++) {
            assertThat(append(stores.get(i), NewMessage.chat("lobby", "n" + i, "c", "hi")).message().message().seq())
                    .isEqualTo(i + 1);
        }
    }

    @Test
    void whileTheDatabaseIsDownAppendsFailQuicklyAndTheStoreRecoversByItself() throws Exception {
        MessageStore store = open();
        append(store, NewMessage.chat("lobby", "alice", "c-1", "before"));
        assertThat(store.problem(Duration.ofSeconds(2))).isEmpty();

        postgres.server().stop();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            CompletableFuture<StoreFixture.Outcome> during = submit(store, NewMessage.chat("lobby", "alice",
                    "d-" + i, "during"));
            assertThatThrownBy(() -> during.get(15, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(StoreException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("failed within a bounded time")
                    .isLessThan(Duration.ofSeconds(10));
        }
        assertThat(store.problem(Duration.ofSeconds(1))).get().asString().contains("127.0.0.1:" + postgres.server().port()
                + "/" + database);
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.lastSeq("lobby")).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.lastReceiptId("lobby")).isInstanceOf(StoreException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("what an event loop asks fails at once")
                .isLessThan(Duration.ofMillis(500));
        assertThatThrownBy(() -> store.range("lobby", 0, 10, 10, 1000)).isInstanceOf(StoreException.class);

        postgres.server().restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> store.problem(Duration.ofSeconds(1)).isEmpty());
        StoreFixture.Outcome after = append(store, NewMessage.chat("lobby", "alice", "c-2", "after"));
        assertThat(after.message().message().seq()).as("nothing of the outage was stored").isEqualTo(2);
        assertThat(store.lastSeq("lobby")).isEqualTo(2);
        assertThat(StoreFixture.all(store, "lobby")).extracting(m -> m.message().id()).containsExactly("c-1", "c-2");
    }

    @Test
    void aRelayStuckHoldingARoomCannotHangAnotherRelaysWriter() throws Exception {
        MessageStore store = open();
        append(store, NewMessage.chat("lobby", "alice", "c-1", "before"));
        try (Connection stuck = postgres.server().connect(database); Statement s = stuck.createStatement()) {
            stuck.setAutoCommit(false);
            s.execute("SELECT * FROM rooms WHERE room = 'lobby' FOR UPDATE"); // and then nothing, as if cut off
            long start = System.nanoTime();
            CompletableFuture<StoreFixture.Outcome> waiting = submit(store, NewMessage.chat("lobby", "bob", "c-1", "x"));
            assertThatThrownBy(() -> waiting.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                    .cause().hasMessageContaining("lock timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            stuck.rollback();
        }
        assertThat(append(store, NewMessage.chat("lobby", "bob", "c-1", "again")).message().message().seq())
                .isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> store.problem(Duration.ofSeconds(1)).isEmpty());
    }

    @Test
    void credentialsComeFromTheUrlOrTheEnvironmentAndAreNeverShown() {
        String bare = postgres.server().url(database);
        MessageStore fromEnv = open(bare, Map.of("PGUSER", PostgresServer.USER, "PGPASSWORD", PostgresServer.PASSWORD));
        assertThat(append(fromEnv, NewMessage.chat("lobby", "alice", "c-1", "hi")).message().message().seq()).isEqualTo(1);
        MessageStore fromUrl = open(url, Map.of("PGUSER", "nobody", "PGPASSWORD", "wrong"));
        assertThat(fromUrl.lastSeq("lobby")).as("the URL's credentials win over the environment's").isEqualTo(1);

        String secret = "not-the-password-42";
        assertThatThrownBy(() -> open(bare + "?user=" + PostgresServer.USER + "&password=" + secret, Map.of()))
                .hasCauseInstanceOf(IOException.class)
                .cause().hasMessageContaining("127.0.0.1:" + postgres.server().port() + "/" + database)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining(secret);
    }

    @Test
    void aStoreThatCannotReachItsDatabaseDoesNotOpen() {
        String nowhere = "jdbc:postgresql://127.0.0.1:1/" + database + "?user=u&password=p";
        long start = System.nanoTime();
        assertThatThrownBy(() -> open(nowhere, Map.of())).hasCauseInstanceOf(IOException.class)
                .cause().hasMessageStartingWith("cannot connect to the database 127.0.0.1:1/" + database);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aDatabaseThatIsNotUtf8IsRefused() throws Exception {
        try (Connection c = postgres.server().connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE latin_" + database + " ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
                    + " TEMPLATE template0");
        }
        assertThatThrownBy(() -> open(postgres.server().urlWithCredentials("latin_" + database), Map.of()))
                .hasCauseInstanceOf(IOException.class).cause().hasMessageContaining("LATIN1")
                .hasMessageContaining("UTF8");
    }

    @Test
    void retentionByAgeIsLeftToTheRelayThatHoldsTheSweepLock() throws Exception {
        MutableClock clock = MutableClock.stopped();
        MessageStore store = PostgresMessageStore.open(PostgresUrl.parse(url),
                new Retention(Duration.ofHours(1), 1000, 1L << 30), clock, RelayEvents.NONE);
        opened.add(store);
        append(store, NewMessage.chat("lobby", "alice", "c-1", "old"));
        try (Connection other = postgres.server().connect(database); Statement s = other.createStatement()) {
            // another relay sweeping right now
            s.execute("SELECT pg_advisory_lock(" + PgRetention.SWEEP_LOCK + ")");
            clock.advance(Duration.ofHours(2));
            append(store, NewMessage.chat("lobby", "alice", "c-2", "wakes the sweep"));
            assertThat(StoreFixture.all(store, "lobby")).as("left to the other relay").hasSize(2);
            s.execute("SELECT pg_advisory_unlock(" + PgRetention.SWEEP_LOCK + ")");
        }
        clock.advance(Duration.ofMinutes(1));
        append(store, NewMessage.chat("lobby", "alice", "c-3", "wakes the next sweep"));
        assertThat(StoreFixture.all(store, "lobby")).extracting(m -> m.message().id()).containsExactly("c-2", "c-3");
    }

    @Test
    void retentionIsNotConfusedByAnotherRelayWritingTheSameRoom() {
        Retention three = new Retention(Duration.ofDays(30), 3, 1L << 30);
        MessageStore a;
        MessageStore b;
        try {
            a = PostgresMessageStore.open(PostgresUrl.parse(url), three, Clock.systemUTC(), RelayEvents.NONE);
            opened.add(a);
            b = PostgresMessageStore.open(PostgresUrl.parse(url), three, Clock.systemUTC(), RelayEvents.NONE);
            opened.add(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 1; i <= 10; i++) {
            append(i % 2 == 0 ? a : b, NewMessage.chat("lobby", "alice", "c-" + i, "m" + i));
        }
        assertThat(StoreFixture.all(a, "lobby")).extracting(m -> m.message().seq()).containsExactly(8L, 9L, 10L);
    }
}
