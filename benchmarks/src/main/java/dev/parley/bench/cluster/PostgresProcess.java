package dev.parley.bench.cluster;

import dev.parley.bench.support.ProcStats;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for one benchmark run: {@code initdb} into a temporary folder, {@code postgres} on a free port of
 * 127.0.0.1 (its unix socket in that folder), with PostgreSQL's default durability ({@code fsync} and
 * {@code synchronous_commit} on: a commit is on disk, as the relay's SQLite commits are). One superuser with a password
 * checked on TCP. Stopped by PID ({@code pg_ctl stop -m fast}, then a kill) and its folder deleted.
 *
 * <p>PostgreSQL refuses to run as root: as uid 0 (CI) every PostgreSQL program runs as {@code nobody} through
 * {@code setpriv}, the folder owned by it. Binaries: {@code pg_config --bindir}, else
 * {@code /usr/lib/postgresql/<newest>/bin}, else the PATH (Debian: {@code apt-get install postgresql}).
 */
public final class PostgresProcess implements AutoCloseable {
    private static final String USER = "parley";
    private static final String PASSWORD = "parley-bench-password";
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(20);

    private final Path bin;
    private final Path root;
    private final Path data;
    private final boolean asNobody;
    private int port;
    private Process process;

    private PostgresProcess(Path bin, Path root, boolean asNobody) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.asNobody = asNobody;
    }

    /** Why PostgreSQL cannot run here, in one line saying how to install it, or empty if it can. */
    public static Optional<String> unavailable() {
        return binaries().isPresent() ? Optional.empty() : Optional.of("PostgreSQL is not installed: no initdb through"
                + " pg_config --bindir, in /usr/lib/postgresql/*/bin or on the PATH (Debian: apt-get install postgresql)");
    }

    /** Makes a new database cluster in a temporary folder and starts it on a free port. */
    public static PostgresProcess start() throws IOException {
        Path bin = binaries().orElseThrow(() -> new IOException(unavailable().orElseThrow()));
        Path root = Files.createTempDirectory("parley-bench-pg");
        PostgresProcess pg = new PostgresProcess(bin, root, uid() == 0);
        try {
            pg.initdb();
            for (int attempt = 1; ; attempt++) {
                pg.port = freePort();
                try {
                    pg.startProcess();
                    return pg;
                } catch (IOException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                    // most likely another program took the port between asking for it and postgres binding it
                }
            }
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    /** Creates an empty database (lower-case letters, digits, _) and returns its JDBC URL with the credentials. */
    public String createDatabase(String name) throws IOException {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IOException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** "PostgreSQL 15.x" as the server says it, for the reports. */
    public String version() {
        try (Connection c = connect("postgres")) {
            return "PostgreSQL " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "PostgreSQL (version unknown: " + e.getMessage() + ")";
        }
    }

    /** Transactions committed in every database and bytes of WAL written, so far. */
    public record Activity(long commits, long walBytes) {
        /** What happened between {@code before} and this, as "812 transactions/s, 3.20 MB/s of WAL". */
        public String rateSince(Activity before, double seconds) {
            return String.format(java.util.Locale.ROOT, "%,.0f transactions/s, %.2f MB/s of WAL",
                    (commits - before.commits) / seconds, (walBytes - before.walBytes) / 1e6 / seconds);
        }
    }

    /** The server's counters now (its statistics lag by up to a second). */
    public Activity activity() throws IOException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT (SELECT sum(xact_commit) FROM pg_stat_database)::bigint,"
                     + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            r.next();
            return new Activity(r.getLong(1), r.getLong(2));
        } catch (SQLException e) {
            throw new IOException("cannot read PostgreSQL's statistics: " + e.getMessage(), e);
        }
    }

    /** CPU time so far (ns) of the postmaster and every process it started, those that ended included. */
    public long cpuNanos() {
        return ProcStats.treeCpuNanos(process.pid());
    }

    /** Stops the server and deletes its folder. */
    @Override
    public void close() {
        stop();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }

    private void stop() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w",
                        "-t", Long.toString(STOP.toSeconds())), STOP.plusSeconds(5));
            }
        } catch (IOException e) {
            // pg_ctl could not stop it: the kill below does
        }
        try {
            if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, p);
    }

    private void initdb() throws IOException {
        Path pwfile = root.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        if (asNobody) {
            run(List.of("chown", "-R", "nobody:nogroup", root.toString()), Duration.ofSeconds(30), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"),
                Duration.ofSeconds(120)); // --no-sync: initdb alone skips its final fsync; the server syncs as usual
        Files.delete(pwfile);
    }

    private void startProcess() throws IOException {
        Path log = root.resolve("postgres.log");
        process = new ProcessBuilder(asUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + root,
                "-c", "logging_collector=off", "-c", "log_min_messages=warning")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "postgres-stop")); // Ctrl-C stops it too
        long deadline = System.nanoTime() + START.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process = null;
                throw new IOException("postgres exited at start: " + tail(log));
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50); // postgres says nothing else when it is ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IOException("postgres did not accept connections within " + START + ": "
                + (last == null ? "" : last.getMessage()) + " " + tail(log));
    }

    private List<String> asUser(List<String> command) {
        if (!asNobody) {
            return command;
        }
        List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        out.addAll(command);
        return out;
    }

    private void run(List<String> command, Duration timeout) throws IOException {
        run(command, timeout, true);
    }

    private void run(List<String> command, Duration timeout, boolean asPostgres) throws IOException {
        Path out = Files.createTempFile("parley-bench-pg-cmd", ".log");
        try {
            Process p = new ProcessBuilder(asPostgres ? asUser(command) : command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + timeout);
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                        + Files.readString(out));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static Optional<Path> binaries() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return Optional.of(Path.of(out));
            }
        } catch (IOException e) {
            // no pg_config: look in Debian's folders
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> debian = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
            if (debian.isPresent()) {
                return debian;
            }
        } catch (IOException e) {
            // not Debian's layout
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb"))) {
                return Optional.of(Path.of(dir).toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
