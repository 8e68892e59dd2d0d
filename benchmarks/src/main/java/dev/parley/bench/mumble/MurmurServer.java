package dev.parley.bench.mumble;

import dev.parley.bench.support.ProcStats;
import dev.parley.protocol.CertificateFingerprint;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's murmur ({@code murmurd} from the {@code mumble-server} package) as a child process in the foreground, with
 * everything in a temporary directory of its own: an ini file, its SQLite database, its log (stdout and stderr), and a
 * self-signed certificate generated here (EC P-256, like the Parley relay's) whose SHA-256 clients pin.
 *
 * <p>The ini: loopback only, a port free for both TCP and UDP, no Ice, D-Bus, Bonjour or public registration; 1,000
 * users, 1 Mbit/s of voice per user, the autoban off (by default more than 10 connections from one address within
 * 120 s ban it for 300 s, which the benchmark's 51 clients from 127.0.0.1 would trip) and the message rate limit
 * (1.3.4 has no "off": 0 would refuse every message after the burst) set so high it never applies; it only governs
 * UserState, TextMessage and the like, not UDPTunnel or Ping anyway.
 *
 * <p>Run as root, murmur 1.3.4 silently switches to the user {@code mumble-server} if it exists, with or without
 * {@code uname} in the ini, and then cannot write a database in a directory root owns ("ServerDB: Failed
 * initialization: unable to open database file"). So as root this names that user (or {@code nobody}) in {@code
 * uname} and gives it the temporary directory; only if neither exists does murmur stay root (it logs a warning).
 * Its CPU time is read from {@code /proc/<pid>/stat} like the relay's.
 */
final class MurmurServer implements AutoCloseable {
    /** The one line printed when murmurd is missing. */
    static final String INSTALL_HINT = "murmurd (the Mumble server) is not installed: apt-get install -y mumble-server";
    static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Server listening on");
    private static final Pattern VERSION = Pattern.compile("Murmur (\\S+ \\([^)]*\\))");

    private final Path dir;
    private final Process process;
    private final Thread stopOnExit;
    final int port;
    final String fingerprint;
    /** The user murmur runs as: "mumble-server", "nobody" or the user this JVM runs as. */
    final String runsAs;
    /** As murmur's log states it, e.g. "1.3.4 (1.3.4-4)". */
    final String version;

    private MurmurServer(Path dir, Process process, Thread stopOnExit, int port, String fingerprint, String runsAs,
                         String version) {
        this.dir = dir;
        this.process = process;
        this.stopOnExit = stopOnExit;
        this.port = port;
        this.fingerprint = fingerprint;
        this.runsAs = runsAs;
        this.version = version;
    }

    /** {@code override} if given, else murmurd on the PATH, else /usr/sbin/murmurd (not on a normal user's PATH). */
    static Optional<Path> find(String override) {
        if (override != null && !override.isBlank()) {
            Path p = Path.of(override);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty()) {
                candidates.add(Path.of(d, "murmurd"));
            }
        }
        candidates.add(Path.of("/usr/sbin/murmurd"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /** Starts murmurd and waits until it listens; on failure the temporary directory is removed. */
    static MurmurServer start(Path murmurd) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("parley-bench-murmur");
        Process process = null;
        Thread hook = null;
        try {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            String fingerprint = writeCertificate(cert, key);
            int port = freePort();
            String uname = isRoot() ? unprivilegedUser() : null;
            Path ini = dir.resolve("murmur.ini");
            Files.writeString(ini, ini(dir, port, cert, key, uname), StandardCharsets.UTF_8);
            if (uname != null) {
                UserPrincipal owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(uname);
                for (Path p : List.of(dir, cert, key, ini)) {
                    Files.setOwner(p, owner);
                }
            }
            Path log = dir.resolve("murmur.log");
            process = new ProcessBuilder(murmurd.toString(), "-fg", "-ini", ini.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Process p = process;
            hook = new Thread(() -> stop(p), "murmurd-stop");
            Runtime.getRuntime().addShutdownHook(hook); // Ctrl-C or a failed run stops murmurd too
            String version = awaitListening(process, log);
            String runsAs = uname != null ? uname : System.getProperty("user.name");
            return new MurmurServer(dir, process, hook, port, fingerprint, runsAs, version);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (process != null) {
                stop(process);
            }
            if (hook != null) {
                removeHook(hook);
            }
            deleteTree(dir);
            throw e;
        }
    }

    static String ini(Path dir, int port, Path cert, Path key, String uname) {
        StringBuilder s = new StringBuilder();
        s.append("database=").append(dir.resolve("murmur.sqlite")).append('\n')
                .append("host=").append(HOST).append('\n')
                .append("port=").append(port).append('\n')
                .append("ice=\n")
                .append("dbus=\n")
                .append("bonjour=false\n")
                .append("registerName=\n")
                .append("logfile=\n")
                .append("pidfile=\n")
                .append("welcometext=\n")
                .append("users=1000\n")
                .append("usersperchannel=0\n")
                .append("bandwidth=1000000\n")
                .append("timeout=30\n")
                .append("messagelimit=1000000\n")
                .append("messageburst=1000000\n")
                .append("autobanAttempts=0\n")
                .append("allowping=false\n")
                .append("kdfiterations=1000\n") // skips the PBKDF2 benchmark at first start (~1.3 s); no passwords here
                .append("sslCert=").append(cert).append('\n')
                .append("sslKey=").append(key).append('\n');
        if (uname != null) {
            s.append("uname=").append(uname).append('\n');
        }
        return s.toString();
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return dir.resolve("murmur.log");
    }

    /** CPU time of murmurd so far (ns: its threads' run times, as {@link ProcStats#cpuNanos}). */
    long cpuNanos() {
        return ProcStats.cpuNanos(process.pid());
    }

    /** stime alone: CPU time in the kernel on murmurd's behalf (ns, in 10 ms ticks). */
    long systemNanos() {
        return ProcStats.systemNanos(process.pid());
    }

    /** utime + stime of murmurd so far (ns, in 10 ms ticks as {@link #systemNanos}). */
    long tickedCpuNanos() {
        return ProcStats.tickedCpuNanos(process.pid());
    }

    /** The last {@code n} lines of murmur's log. */
    String logTail(int n) {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        stop(process);
        removeHook(stopOnExit);
        deleteTree(dir);
    }

    /** SIGTERM (murmur stops its servers and exits), then SIGKILL after 10 s. */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private static String awaitListening(Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
            if (LISTENING.matcher(text).find()) {
                Matcher v = VERSION.matcher(text);
                return v.find() ? v.group(1) : "version not stated";
            }
            if (!p.isAlive()) {
                throw new IOException("murmurd exited with code " + p.exitValue() + " before listening: "
                        + lastLines(text, 4));
            }
            Thread.sleep(50);
        }
        throw new IOException("murmurd did not listen within " + START_TIMEOUT.toSeconds() + " s: "
                + lastLines(Files.readString(log, StandardCharsets.ISO_8859_1), 4));
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - n), lines.length));
    }

    /** A loopback port free for TCP and for UDP (murmur binds both). */
    static int freePort() throws IOException {
        InetAddress loopback = InetAddress.getByName(HOST);
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, loopback)) {
                port = s.getLocalPort();
            }
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                return port;
            } catch (IOException e) {
                // UDP taken: try another
            }
        }
        throw new IOException("no loopback port free for both TCP and UDP after 50 attempts");
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // real, effective, saved, filesystem
                }
            }
        } catch (IOException e) {
            // not Linux: assume not root
        }
        return false;
    }

    /** mumble-server (Debian's package creates it) or nobody; null if neither exists. */
    private static String unprivilegedUser() throws IOException {
        for (String name : List.of("mumble-server", "nobody")) {
            try {
                Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(name);
                return name;
            } catch (UserPrincipalNotFoundException e) {
                // next
            }
        }
        return null;
    }

    /** Writes a new self-signed EC P-256 certificate and its key as PEM; returns its SHA-256 fingerprint. */
    static String writeCertificate(Path certFile, Path keyFile) throws IOException {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = gen.generateKeyPair();
            X500Name subject = new X500Name("CN=murmur for parley-bench");
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, HOST)}));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            Files.writeString(certFile, pem(cert), StandardCharsets.US_ASCII);
            // PKCS#8 ("PRIVATE KEY", the curve named inside): BouncyCastle's PEM writer would write a bare SEC1 "EC
            // PRIVATE KEY" without the curve for a JDK key, which neither OpenSSL nor murmur can read
            Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
            return CertificateFingerprint.sha256(cert);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate murmur's certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(X509Certificate cert) throws IOException {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            w.writeObject(cert);
        }
        return s.toString();
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
