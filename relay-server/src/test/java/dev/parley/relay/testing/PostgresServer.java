package dev.parley.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * A real PostgreSQL server for tests: {@code initdb} into a temporary folder, {@code postgres} on a free port of
 * 127.0.0.1 (its unix socket in that folder too), stopped by PID and started again on the same port and data for
 * outage tests. One superuser {@link #USER} whose password ({@link #PASSWORD}) is checked on TCP (scram-sha-256).
 * Commit timestamps are kept ({@code track_commit_timestamp}), so tests can see in which order rows were committed.
 *
 * <p>PostgreSQL refuses to run as root: when the tests run as uid 0 (CI does), every PostgreSQL program runs as
 * {@code nobody} through {@code setpriv}, the folder owned by it. The binaries are found through
 * {@code pg_config --bindir}, else in {@code /usr/lib/postgresql/<newest>/bin}, else on the PATH
 * ({@code .ci/run} installs Debian's {@code postgresql} package).
 */
public final class PostgresServer implements AutoCloseable {
    public static final String USER = "parley";
    public static final String PASSWORD = "parley-test-password";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path bin;
    private final Path root;
    private final Path data;
    private final boolean asNobody;
    private int port;
    private Process process;

    private PostgresServer(Path bin, Path root, boolean asNobody) {
        this.bin = bin;
        this.root = root;
        this.data = root.resolve("data");
        this.asNobody = asNobody;
    }

    /** Makes a new cluster in a temporary folder and starts it on a free port. */
    public static PostgresServer start() {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is not installed: no initdb"
                + " through pg_config --bindir, in /usr/lib/postgresql/*/bin or on the PATH (Debian: apt-get install"
                + " postgresql; .ci/run does)"));
        try {
            Path root = Files.createTempDirectory("parley-pg");
            boolean asNobody = uid() == 0;
            PostgresServer server = new PostgresServer(bin, root, asNobody);
            server.initdb();
            for (int attempt = 1; ; attempt++) {
                server.port = freePort();
                try {
                    server.startProcess();
                    return server;
                } catch (IllegalStateException e) {
                    if (attempt == 3) {
                        server.delete();
                        throw e;
                    }
                    // most likely another program took the port between asking for it and postgres binding it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} without credentials. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The JDBC URL of {@code database} with {@link #USER} and {@link #PASSWORD} in it. */
    public String urlWithCredentials(String database) {
        return url(database) + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** Creates an empty database named {@code name} (letters, digits and _) and returns its URL with credentials. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return urlWithCredentials(name);
    }

    /** A connection to {@code database} as the superuser. */
    public Connection connect(String database) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(database), p);
    }

    /** Whether the server process runs. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Stops the server (fast shutdown: clients are disconnected, nothing committed is lost), keeping its data. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast", "-w",
                        "-t", Long.toString(STOP_TIMEOUT.toSeconds())), STOP_TIMEOUT.plusSeconds(5));
            }
        } catch (IllegalStateException e) {
            // pg_ctl could not stop it: the kill below does
        }
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts a stopped server again, on the same port with the same data. */
    public synchronized void restart() {
        if (running()) {
            return;
        }
        startProcess();
    }

    /** Stops the server and deletes its folder. */
    @Override
    public synchronized void close() {
        stop();
        delete();
    }

    private void initdb() throws IOException {
        Path pwfile = root.resolve("pwfile");
        Files.writeString(pwfile, PASSWORD + "\n");
        chownToNobody(root);
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                "-E", "UTF8", "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"),
                Duration.ofSeconds(120));
        Files.delete(pwfile);
    }

    private synchronized void startProcess() {
        List<String> command = asUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + root, "-c", "max_connections=200",
                "-c", "logging_collector=off", "-c", "log_min_messages=warning",
                "-c", "track_commit_timestamp=on"));
        Path log = root.resolve("postgres.log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process = null;
                throw new IllegalStateException("postgres exited at start: " + tail(log));
            }
            try (Connection c = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(50); // polling for readiness: postgres tells nothing else
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
        throw new IllegalStateException("postgres did not accept connections within " + START_TIMEOUT + ": "
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

    private void run(List<String> command, Duration timeout) {
        try {
            Path out = Files.createTempFile("parley-pg-cmd", ".log");
            try {
                Process p = new ProcessBuilder(asUser(command)).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish within " + timeout);
                }
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                            + Files.readString(out));
                }
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        }
    }

    private void chownToNobody(Path dir) {
        if (!asNobody) {
            return;
        }
        try {
            Process p = new ProcessBuilder("chown", "-R", "nobody:nogroup", dir.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("chown of " + dir + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
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

    private void delete() {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** The folder of initdb, postgres and pg_ctl, if PostgreSQL is installed. */
    static Optional<Path> binaries() {
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
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
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
