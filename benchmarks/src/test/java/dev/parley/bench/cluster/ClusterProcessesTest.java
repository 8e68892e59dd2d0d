package dev.parley.bench.cluster;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The cluster scenario's PostgreSQL and nats-server, real ones; skipped only when they are not installed (.ci/run
 * installs both).
 */
class ClusterProcessesTest {
    @Test
    void postgresTakesTheRelaysUrlCountsItsBackendsCpuAndLeavesNothingBehind() throws Exception {
        assumeTrue(PostgresProcess.unavailable().isEmpty(), () -> PostgresProcess.unavailable().orElse(""));
        long postmaster;
        List<Path> folders;
        try (PostgresProcess pg = PostgresProcess.start()) {
            String url = pg.createDatabase("parley");
            assertThat(url).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/parley\\?user=\\w+&password=[\\w-]+");
            assertThat(pg.version()).startsWith("PostgreSQL 1");
            postmaster = postmasterOf(url);
            folders = folders(postmaster);
            long before = pg.cpuNanos();
            // work done by a backend (a child of the postmaster), not by the postmaster itself
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t AS SELECT g, md5(g::text) AS h FROM generate_series(1, 300000) g");
                try (ResultSet r = s.executeQuery("SELECT count(DISTINCT h) FROM t")) {
                    r.next();
                    assertThat(r.getLong(1)).isEqualTo(300_000);
                }
                assertThat(pg.cpuNanos() - before).as("the backend's CPU, counted while it is connected")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            }
        }
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).as("postgres stopped").isFalse();
        assertThat(folders).allSatisfy(f -> assertThat(f).doesNotExist());
    }

    @Test
    void natsServerAnswersOnItsUrlAndStopsByPid() throws Exception {
        assumeTrue(NatsProcess.unavailable().isEmpty(), () -> NatsProcess.unavailable().orElse(""));
        int port;
        try (NatsProcess nats = NatsProcess.start()) {
            assertThat(nats.url()).matches("nats://127\\.0\\.0\\.1:\\d+");
            port = Integer.parseInt(nats.url().substring(nats.url().lastIndexOf(':') + 1));
            try (Socket s = new Socket("127.0.0.1", port)) {
                String info = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertThat(info).startsWith("INFO {").contains("\"port\":" + port);
            }
            assertThat(nats.version()).startsWith("nats-server ");
            assertThat(nats.cpuNanos()).isNotNegative();
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            throw new AssertionError("nats-server still answers on " + port);
        } catch (java.net.ConnectException expected) {
            // stopped
        }
    }

    /** The PID of the server process behind a connection's backend: the backend's parent. */
    private static long postmasterOf(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return ProcessHandle.of(r.getLong(1)).flatMap(ProcessHandle::parent).orElseThrow().pid();
        }
    }

    /** The temporary folder the postmaster runs in (its data folder's parent). */
    private static List<Path> folders(long pid) throws Exception {
        Path data = Path.of("/proc", Long.toString(pid), "cwd").toRealPath();
        assertThat(Files.isDirectory(data)).isTrue();
        return List.of(data.getParent());
    }
}
