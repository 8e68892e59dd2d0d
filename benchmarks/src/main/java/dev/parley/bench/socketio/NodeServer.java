package dev.parley.bench.socketio;

import dev.parley.bench.ReferenceUnavailable;
import dev.parley.protocol.CertificateFingerprint;
import dev.parley.relay.tls.RelayIdentity;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The socket.io server ({@code benchmarks/socketio/server.js}) as a node child process, with a certificate of the
 * same kind as the relay's (EC P-256, self-signed, {@link RelayIdentity}) generated for this run into a temporary
 * folder (PEM, the key readable by the owner only) that is deleted when it stops. Stopped by its PID (SIGTERM, then
 * SIGKILL after 10 s), also from a shutdown hook; and node exits by itself when this JVM's end of its stdin closes.
 */
final class NodeServer implements AutoCloseable {
    static final String INSTALL = "npm ci --prefix benchmarks/socketio";
    private static final Pattern FIRST_LINE = Pattern.compile("wss://([0-9.]+):(\\d+) - (.*)");
    private static final Pattern VERSION = Pattern.compile("^(socket\\.io \\S+)");

    final String host;
    final int port;
    final String fingerprint;
    /** What the server says it runs on: "socket.io 4.8.4, node v20.20.2, OpenSSL 3.0.19". */
    final String stated;
    private final Process process;
    private final Path dir;
    private final Thread hook;

    private NodeServer(String host, int port, String fingerprint, String stated, Process process, Path dir, Thread hook) {
        this.host = host;
        this.port = port;
        this.fingerprint = fingerprint;
        this.stated = stated;
        this.process = process;
        this.dir = dir;
        this.hook = hook;
    }

    /**
     * Starts {@code server.js} of {@code folder} with {@code node}, passing {@code serverArgs} after the certificate
     * (e.g. {@code --ping-interval 300}), and waits up to 30 s for its first line.
     */
    static NodeServer start(Path folder, String node, List<String> serverArgs) throws IOException {
        Path dir = Files.createTempDirectory("parley-bench-socketio");
        AtomicReference<Process> child = new AtomicReference<>();
        // registered before the key exists: from here on Ctrl-C stops node and deletes the key
        Thread hook = new Thread(() -> stop(child.get(), dir), "socketio-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RelayIdentity identity = RelayIdentity.loadOrGenerate(dir.resolve("identity"));
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            writePrivate(cert, pem("CERTIFICATE", identity.certificate().getEncoded()));
            writePrivate(key, pem("PRIVATE KEY", privateKey(identity).getEncoded()));
            List<String> cmd = new ArrayList<>(List.of(node, "server.js", "--cert", cert.toString(), "--key",
                    key.toString(), "--exit-with-stdin"));
            cmd.addAll(serverArgs);
            Path log = dir.resolve("stderr.log");
            Process p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectError(log.toFile()).start();
            child.set(p);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = firstLine(out);
            Matcher m = line == null ? null : FIRST_LINE.matcher(line);
            if (m == null || !m.find()) {
                String err = tail(log);
                throw new IOException("the socket.io server did not start (first line: " + line + ")"
                        + (err.isEmpty() ? "" : "; node said: " + err));
            }
            Matcher v = VERSION.matcher(line);
            String stated = (v.find() ? v.group(1) + ", " : "") + m.group(3).strip();
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // keep node's stdout pipe from filling up
                    }
                } catch (IOException e) {
                    // node ended
                }
            }, "socketio-stdout");
            drain.setDaemon(true);
            drain.start();
            return new NodeServer(m.group(1), Integer.parseInt(m.group(2)),
                    CertificateFingerprint.sha256(identity.certificate()), stated, p, dir, hook);
        } catch (IOException | RuntimeException e) {
            stop(child.get(), dir);
            removeHook(hook);
            throw e;
        } catch (GeneralSecurityException e) {
            stop(child.get(), dir);
            removeHook(hook);
            throw new IOException("cannot write the socket.io server's certificate: " + e.getMessage(), e);
        }
    }

    /** The server's first stdout line, or null if it ends or says nothing for 30 s. */
    private static String firstLine(BufferedReader out) {
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return first.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * The folder with {@code server.js} and its {@code node_modules}: {@code explicit} if given, else the first of
     * {@code benchmarks/socketio} and {@code socketio} under the working directory (the repo root, or the module as
     * under Maven) and {@code ../socketio} beside the folder holding this code (parley-bench.jar in
     * benchmarks/target, or target/classes) that has a {@code server.js}.
     */
    static Path locate(Path explicit) throws ReferenceUnavailable {
        Set<Path> candidates = new LinkedHashSet<>();
        if (explicit != null) {
            candidates.add(explicit.toAbsolutePath().normalize());
        } else {
            Path cwd = Path.of("").toAbsolutePath();
            candidates.add(cwd.resolve("benchmarks/socketio"));
            candidates.add(cwd.resolve("socketio"));
            Path code = codeLocation();
            if (code != null && code.getParent() != null && code.getParent().getParent() != null) {
                candidates.add(code.getParent().getParent().resolve("socketio").normalize());
            }
        }
        for (Path c : candidates) {
            if (Files.isRegularFile(c.resolve("server.js"))) {
                if (!Files.isRegularFile(c.resolve("node_modules/socket.io/package.json"))) {
                    throw unavailable(c.resolve("node_modules") + " has no socket.io: run "
                            + INSTALL + " (from the repo root)");
                }
                return c;
            }
        }
        throw unavailable("its server.js was not found in " + candidates
                + ": run from the repo root, after " + INSTALL);
    }

    /** {@code explicit} if given, else the first {@code node} on the PATH. */
    static String findNode(String explicit) throws ReferenceUnavailable {
        if (explicit != null) {
            if (!Files.isExecutable(Path.of(explicit))) {
                throw unavailable("node " + explicit + " is not an executable file: install Node.js 20"
                        + " or later, then " + INSTALL);
            }
            return explicit;
        }
        String path = System.getenv("PATH");
        for (String d : path == null ? new String[0] : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "node"))) {
                return Path.of(d, "node").toString();
            }
        }
        throw unavailable("node is not on the PATH: install Node.js 20 or later, then " + INSTALL);
    }

    /** The reference cannot run here: the one line a scenario prints says why and what to install. */
    static ReferenceUnavailable unavailable(String why) {
        return new ReferenceUnavailable("socket.io reference", why);
    }

    private static Path codeLocation() {
        try {
            var source = NodeServer.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process, dir);
        removeHook(hook);
    }

    /** Stops node (if started) by its PID: SIGTERM, SIGKILL after 10 s; then deletes the certificate and key. */
    private static void stop(Process p, Path dir) {
        if (p != null) {
            p.destroy(); // SIGTERM to this PID: node closes socket.io and exits
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(dir);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway and finds node stopped
        }
    }

    private static PrivateKey privateKey(RelayIdentity identity) throws GeneralSecurityException {
        KeyStore ks = identity.keyStore();
        for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
                return (PrivateKey) ks.getKey(alias, identity.password());
            }
        }
        throw new GeneralSecurityException("the generated identity holds no private key");
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static void writePrivate(Path file, byte[] content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
