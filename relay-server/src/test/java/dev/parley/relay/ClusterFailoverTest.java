package dev.parley.relay;

import dev.parley.protocol.CloseCodes;
import dev.parley.relay.testing.ClusterServers;
import dev.parley.relay.testing.FailoverClient;
import dev.parley.relay.testing.RelayProcess;
import dev.parley.relay.testing.RoomAudit;
import dev.parley.relay.testing.TrustedTls;
import dev.parley.relay.tls.RelayIdentity;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adversary is {@code kill -9}: three relays of one cluster run as child processes ({@code RelayMain}) on a real
 * PostgreSQL and a real nats-server; members spread over them chat at a steady rate, and again and again the busiest
 * relay is killed with SIGKILL under traffic and a new relay process is started on the same database. Each member is a
 * {@link FailoverClient}: it resumes on another relay with {@code since} and {@code resume} and resends what was not
 * acknowledged. At the end every message any member made was acknowledged, is stored exactly once, and every member
 * received every seq of the room exactly once, in order; nobody was refused as a duplicate of their own dead
 * connection. It prints the time from each SIGKILL to every affected member welcomed on another relay (p50/p99 over the
 * kills). {@code -Dparley.failover.kills=N} sets the number of kills (default 5).
 */
class ClusterFailoverTest {
    private static final int KILLS = Integer.getInteger("parley.failover.kills", 5);
    private static final int SENDERS = 6;
    private static final int LISTENERS = 6;
    private static final Duration SEND_EVERY = Duration.ofMillis(50);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final String ROOM = "lobby";

    @RegisterExtension
    static final ClusterServers servers = new ClusterServers();

    @TempDir
    Path root;
    private final List<Child> children = new CopyOnWriteArrayList<>();
    private final List<Child> live = new CopyOnWriteArrayList<>();
    private final List<FailoverClient> clients = new CopyOnWriteArrayList<>();
    private ClusterServers.Cluster cluster;
    private Path template;

    private record Child(int index, RelayProcess relay) {
        URI uri() {
            return relay.uri();
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (FailoverClient c : clients) {
            c.close();
        }
        for (Child c : children) {
            c.relay().close();
        }
    }

    private Child startChild() throws IOException, InterruptedException {
        int index = children.size();
        Path data = Files.createDirectory(root.resolve("relay-" + index));
        for (String f : List.of("relay-certificate.p12", "relay-certificate.password")) {
            Files.copy(template.resolve(f), data.resolve(f)); // one certificate for every relay: one trust anchor
        }
        RelayProcess relay = RelayProcess.start("relay-" + index, RelayProcess.javaCommand(List.of("-Xmx256m"),
                List.of("--port", "0", "--bind", "127.0.0.1", "--data", data.toString(),
                        "--database", cluster.databaseUrl(), "--cluster", servers.nats().url(),
                        "--cluster-name", cluster.bus().name(),
                        "--no-rate-limits", "--no-discovery", "--no-warmup", "--no-qr", "--no-web")),
                root.resolve("relay-" + index + ".log"), Duration.ofSeconds(60));
        Child child = new Child(index, relay);
        children.add(child);
        assertThat(relay.host()).as("the address relay %d was bound to", index).isEqualTo("127.0.0.1");
        live.add(child);
        return child;
    }

    /** How many members are connected (or connecting) to {@code relay}. */
    private long load(URI relay) {
        return clients.stream().filter(c -> c.relay().map(relay::equals).orElse(false)).count();
    }

    /** Live relays, least loaded first; the one that just dropped last (it may only have closed this connection). */
    private List<URI> candidates(URI dropped) {
        List<URI> out = new ArrayList<>(live.stream().map(Child::uri).filter(u -> !u.equals(dropped))
                .sorted(Comparator.comparingLong(this::load)).toList());
        if (dropped != null && live.stream().anyMatch(c -> c.uri().equals(dropped))) {
            out.add(dropped);
        }
        return out;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }

    private long totalAcknowledged() {
        return clients.stream().mapToLong(FailoverClient::acknowledgedCount).sum();
    }

    @Test
    void sigkilledRelaysUnderTrafficLoseNothingAcknowledgedAndDeliverEverySeqOnce() throws Exception {
        cluster = servers.newCluster("failover");
        template = Files.createDirectory(root.resolve("template"));
        SSLContext tls = TrustedTls.trusting(RelayIdentity.loadOrGenerate(template).certificate());
        for (int i = 0; i < 3; i++) {
            startChild();
        }

        List<FailoverClient> senders = new ArrayList<>();
        for (int i = 1; i <= SENDERS + LISTENERS; i++) {
            String nick = (i <= SENDERS ? "sender" : "listener") + i;
            FailoverClient c = FailoverClient.start(nick, ROOM, tls, this::candidates);
            clients.add(c);
            c.await("joined", Duration.ofSeconds(30), c::joined);
            if (i <= SENDERS) {
                senders.add(c);
            }
        }
        for (FailoverClient s : senders) {
            s.startSending(SEND_EVERY);
        }

        List<Long> failoverMillis = new ArrayList<>();
        List<Integer> affectedCounts = new ArrayList<>();
        List<Long> memberMillis = new ArrayList<>();
        List<Long> untilDropSeen = new ArrayList<>();
        List<Long> untilOpen = new ArrayList<>();
        List<Long> untilWelcome = new ArrayList<>();
        for (int k = 1; k <= KILLS; k++) {
            long before = totalAcknowledged();
            await("traffic flowing with everyone joined before kill " + k, Duration.ofSeconds(30),
                    () -> totalAcknowledged() >= before + 60 && clients.stream().allMatch(FailoverClient::joined));
            Child victim = live.stream().max(Comparator.comparingLong(c -> load(c.uri()))).orElseThrow();
            List<FailoverClient> affected = clients.stream()
                    .filter(c -> c.relay().map(victim.uri()::equals).orElse(false)).toList();
            live.remove(victim);
            long killedAt = System.nanoTime();
            assertThat(victim.relay().kill()).as("killed by SIGKILL").isEqualTo(128 + 9);
            await("every member of relay " + victim.index() + " welcomed on another relay", Duration.ofSeconds(30),
                    () -> affected.stream().allMatch(c -> c.welcomedAfter(killedAt, victim.uri()).isPresent()));
            List<Long> each = affected.stream().map(c -> TimeUnit.NANOSECONDS.toMillis(
                    c.welcomedAfter(killedAt, victim.uri()).orElseThrow().atNanos() - killedAt)).toList();
            memberMillis.addAll(each);
            for (FailoverClient c : affected) {
                FailoverClient.Welcomed w = c.welcomedAfter(killedAt, victim.uri()).orElseThrow();
                untilDropSeen.add(TimeUnit.NANOSECONDS.toMillis(w.previousClosedNanos() - killedAt));
                untilOpen.add(TimeUnit.NANOSECONDS.toMillis(w.openedNanos() - w.previousClosedNanos()));
                untilWelcome.add(TimeUnit.NANOSECONDS.toMillis(w.atNanos() - w.openedNanos()));
            }
            long slowest = TimeUnit.MILLISECONDS.toNanos(each.stream().mapToLong(Long::longValue).max().orElse(0));
            failoverMillis.add(TimeUnit.NANOSECONDS.toMillis(slowest));
            affectedCounts.add(affected.size());
            startChild();
        }
        long beforeEnd = totalAcknowledged();
        await("traffic after the last kill", Duration.ofSeconds(30), () -> totalAcknowledged() >= beforeEnd + 60);

        RoomAudit.settle(senders, clients, servers.postgres(), cluster.database(), ROOM, SETTLE);
        List<String> everyone = clients.stream().map(FailoverClient::nick).sorted().toList();
        for (FailoverClient c : clients) {
            // once the killed relays are noticed gone: everyone listed once, nobody lost to a dead relay's leave
            c.await("listing every member once", SETTLE, () -> c.members().stream().sorted().toList().equals(everyone));
        }
        RoomAudit.Counts counts = RoomAudit.check(senders, clients, servers.postgres(), cluster.database(), ROOM);
        int nickTaken = clients.stream().mapToInt(c -> c.closes().getOrDefault(CloseCodes.NICK_TAKEN, 0)).sum();
        assertThat(nickTaken).as("refused with 4409 while reconnecting as themselves").isZero();

        List<Long> sorted = failoverMillis.stream().sorted().toList();
        System.out.printf("ClusterFailoverTest: %d kills of relays under traffic (%d senders every %d ms, %d listeners"
                        + ", 3 relays): %d messages made, all acknowledged, %d stored (seq 1..%d), %d ids stored twice,"
                        + " %d duplicate deliveries, %d gaps, %d resends (%d answered out of order as duplicates of a"
                        + " stored id), 0 refused with 4409, closes by code %s%n",
                KILLS, SENDERS, SEND_EVERY.toMillis(), LISTENERS, counts.made(), counts.stored(), counts.stored(),
                counts.idsStoredTwice(), counts.duplicates(), counts.gaps(), counts.resends(), counts.dedupeAnswers(),
                counts.closes());
        System.out.printf("ClusterFailoverTest: failover (SIGKILL to every affected member welcomed elsewhere), ms per"
                        + " kill %s with %s members affected; p50 %d ms, p99 %d ms, max %d ms%n",
                failoverMillis, affectedCounts, percentile(sorted, 50), percentile(sorted, 99),
                sorted.get(sorted.size() - 1));
        List<Long> members = memberMillis.stream().sorted().toList();
        System.out.printf("ClusterFailoverTest: per affected member (%d resumptions): p50 %d ms, p99 %d ms%n",
                members.size(), percentile(members, 50), percentile(members, 99));
        System.out.printf("ClusterFailoverTest: of which (p50/p99) SIGKILL to the drop seen %s ms, drop to the next"
                        + " relay's TLS and WebSocket handshakes done %s ms, hello to welcome %s ms%n",
                p50p99(untilDropSeen), p50p99(untilOpen), p50p99(untilWelcome));
    }

    private static String p50p99(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return percentile(sorted, 50) + "/" + percentile(sorted, 99);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
