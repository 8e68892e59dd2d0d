package dev.parley.relay.cli;

import dev.parley.protocol.Limits;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.RelayAddress;
import dev.parley.relay.Engine;
import dev.parley.relay.MetricsEndpoint;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.PasswordBan;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.Retention;
import dev.parley.relay.WebClient;
import dev.parley.relay.core.RelayDirectory;
import dev.parley.relay.tls.RelayIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** The relay's command line: every flag, its default and its meaning. */
@Command(name = "parley-relay", mixinStandardHelpOptions = true, version = "parley-relay 0.1",
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Runs a Parley relay: a TLS WebSocket server that stores and forwards chat and voice "
                + "messages between everyone in a room. Stop it with Ctrl-C.")
final class RelayCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int BAD_FLAGS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = Protocol.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}, every interface).")
    String bind = "0.0.0.0";

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory: messages.db, clips/ and the generated certificate (default: ${DEFAULT-VALUE}).")
    Path data = RelayConfig.defaultDataDir();

    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS12 keystore with your own key and certificate (default: a self-signed certificate generated into the data directory).")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "Password of --keystore.")
    String keystorePassword;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Room password every client must send (default: none).")
    String password;

    @Option(names = "--max-text-chars", paramLabel = "N", description = "Longest chat message, in characters (default: ${DEFAULT-VALUE}).")
    int maxTextChars = Limits.DEFAULTS.maxTextChars();

    @Option(names = "--max-clip-bytes", paramLabel = "BYTES", description = "Largest voice clip, in bytes (default: ${DEFAULT-VALUE}).")
    int maxClipBytes = Limits.DEFAULTS.maxClipBytes();

    @Option(names = "--max-clip-millis", paramLabel = "MS", description = "Longest voice clip, in milliseconds (default: ${DEFAULT-VALUE}).")
    long maxClipMillis = Limits.DEFAULTS.maxClipMillis();

    @Option(names = "--retention-days", paramLabel = "DAYS", description = "Drop messages older than this (default: ${DEFAULT-VALUE}).")
    long retentionDays = Retention.DEFAULTS.maxAge().toDays();

    @Option(names = "--retention-count", paramLabel = "N", description = "Keep at most this many messages per room (default: ${DEFAULT-VALUE}).")
    long retentionCount = Retention.DEFAULTS.maxCount();

    @Option(names = "--retention-bytes", paramLabel = "BYTES", description = "Keep at most this many bytes of text and clips per room (default: ${DEFAULT-VALUE}).")
    long retentionBytes = Retention.DEFAULTS.maxBytes();

    @Option(names = "--rate-messages", paramLabel = "PER_SECOND", description = "Frames per second one connection may send (default: ${DEFAULT-VALUE}).")
    double rateMessages = RateLimits.DEFAULTS.messagesPerSecond();

    @Option(names = "--rate-burst", paramLabel = "N", description = "Frames one connection may send at once (default: ${DEFAULT-VALUE}).")
    int rateBurst = RateLimits.DEFAULTS.messageBurst();

    @Option(names = "--rate-voice-bytes", paramLabel = "BYTES_PER_SECOND", description = "Clip bytes per second one connection may send (default: ${DEFAULT-VALUE}).")
    long rateVoiceBytes = RateLimits.DEFAULTS.voiceBytesPerSecond();

    @Option(names = "--no-rate-limits", description = "Turn rate limits off (benchmarks).")
    boolean noRateLimits;

    @Option(names = "--max-buffered-bytes", paramLabel = "BYTES", description = "Disconnect a client once this much unsent data waits for it (default: ${DEFAULT-VALUE}).")
    long maxBufferedBytes = RelayConfig.defaults().maxBufferedBytes();

    @Option(names = "--live-idle-timeout", paramLabel = "MS", description = "End a live voice stream (protocol 2) that receives no chunk for this long, storing nothing (default: ${DEFAULT-VALUE}).")
    long liveIdleTimeout = RelayConfig.defaults().liveIdleTimeout().toMillis();

    @Option(names = "--password-failures", paramLabel = "N", description = "With --password: wrong passwords from one address that get it refused for a while (default: ${DEFAULT-VALUE}).")
    int passwordFailures = PasswordBan.DEFAULTS.maxFailures();

    @Option(names = "--password-window", paramLabel = "SECONDS", description = "How far back those wrong passwords count (default: ${DEFAULT-VALUE}).")
    long passwordWindow = PasswordBan.DEFAULTS.window().toSeconds();

    @Option(names = "--password-ban", paramLabel = "SECONDS", description = "How long such an address is refused, with close code 4429 (default: ${DEFAULT-VALUE}).")
    long passwordBan = PasswordBan.DEFAULTS.ban().toSeconds();

    @Option(names = "--transport", paramLabel = "auto|epoll|nio", description = "Socket transport: native epoll where it loads (Linux), else NIO (default: ${DEFAULT-VALUE}).")
    String transport = "auto";

    @Option(names = "--tls-engine", paramLabel = "auto|openssl|jdk", description = "TLS implementation: BoringSSL where it loads, else the JDK's (default: ${DEFAULT-VALUE}).")
    String tlsEngine = "auto";

    @Option(names = "--name", paramLabel = "NAME", description = "Name the relay is listed under in the app's list of relays on the local network (default: this computer's host name).")
    String name;

    @Option(names = "--no-discovery", description = "Do not announce the relay on the local network (multicast DNS, service _parley._tcp); people then type its address.")
    boolean noDiscovery;

    @Option(names = "--no-web", description = "Do not serve the web client: a browser opening the relay's address gets an error instead of the page.")
    boolean noWeb;

    @Option(names = "--web-dir", paramLabel = "DIR", hidden = true, description = "Serve the web client from this folder, read at every request (development).")
    Path webDir;

    @Option(names = "--no-qr", description = "Do not print the QR code of the web client's link at start.")
    boolean noQr;

    @Option(names = "--no-warmup", description = "Do not warm up at start (a few seconds of one core through a private relay on 127.0.0.1, so the first live streams run at full speed).")
    boolean noWarmup;

    @Option(names = "--metrics", paramLabel = "HOST:PORT", description = "Serve metrics (GET /metrics, Prometheus text format) and a health check (GET /health) over plain HTTP on this address, e.g. 127.0.0.1:9464 (default: off). No authentication: bind it to localhost or a management network.")
    String metrics;

    @Mixin
    ClusterFlags clusterFlags = new ClusterFlags();

    /** Told the running relay before its start lines are printed (the command line installs its shutdown hook there). */
    Consumer<ParleyRelay> onStarted = r -> { };

    @Override
    public Integer call() {
        RelayConfig config;
        String advertised;
        try {
            config = config();
            advertised = clusterFlags.advertised();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (config.keystore() != null) {
            try {
                RelayIdentity.load(config.keystore(), config.keystorePassword().toCharArray());
            } catch (IOException e) {
                spec.commandLine().getErr().println("parley-relay: " + e.getMessage());
                return BAD_FLAGS;
            }
        }
        ParleyRelay relay;
        try {
            relay = ParleyRelay.start(config, fingerprint -> RelayDirectory.single(
                    advertised == null ? null : new RelayAddress(advertised, fingerprint)));
        } catch (IOException e) {
            spec.commandLine().getErr().println("parley-relay: " + e.getMessage());
            return FAILED;
        }
        onStarted.accept(relay);
        StartLines.print(spec.commandLine().getOut(), relay, config, advertised, !noQr);
        if (!noWarmup) {
            relay.warmUp();
        }
        return 0;
    }

    RelayConfig config() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, not " + port);
        }
        if (keystore != null && keystorePassword == null) {
            throw new IllegalArgumentException("--keystore needs --keystore-password");
        }
        if (password != null && password.isEmpty()) {
            throw new IllegalArgumentException("--password must not be empty");
        }
        String shownName = name == null ? null : name.strip();
        if (shownName != null && (shownName.isEmpty()
                || shownName.codePointCount(0, shownName.length()) > RelayConfig.MAX_NAME_CHARS)) {
            throw new IllegalArgumentException("--name must be 1-" + RelayConfig.MAX_NAME_CHARS + " characters");
        }
        positive("--max-text-chars", maxTextChars);
        positive("--max-clip-bytes", maxClipBytes);
        positive("--max-clip-millis", maxClipMillis);
        positive("--retention-days", retentionDays);
        positive("--retention-count", retentionCount);
        positive("--retention-bytes", retentionBytes);
        positive("--rate-burst", rateBurst);
        positive("--rate-voice-bytes", rateVoiceBytes);
        positive("--max-buffered-bytes", maxBufferedBytes);
        positive("--live-idle-timeout", liveIdleTimeout);
        positive("--password-failures", passwordFailures);
        positive("--password-window", passwordWindow);
        positive("--password-ban", passwordBan);
        if (!(rateMessages > 0)) {
            throw new IllegalArgumentException("--rate-messages must be positive");
        }
        if (maxClipBytes < 44) {
            throw new IllegalArgumentException("--max-clip-bytes must be at least 44 (a WAV header)");
        }
        RateLimits rates = noRateLimits ? RateLimits.UNLIMITED
                : new RateLimits(rateMessages, rateBurst, rateVoiceBytes, voiceBurst());
        return RelayConfig.defaults()
                .withPort(port).withBind(bind).withDataDir(data)
                .withKeystore(keystore, keystorePassword).withPassword(password)
                .withLimits(new Limits(maxTextChars, maxClipBytes, maxClipMillis))
                .withRetention(new Retention(Duration.ofDays(retentionDays), retentionCount, retentionBytes))
                .withRateLimits(rates).withMaxBufferedBytes(maxBufferedBytes)
                .withLiveIdleTimeout(Duration.ofMillis(liveIdleTimeout))
                .withDiscovery(!noDiscovery).withName(shownName)
                .withWeb(web())
                .withMetrics(metricsEndpoint())
                .withCluster(clusterFlags.clusterOptions())
                .withDatabase(clusterFlags.database())
                .withPasswordBan(new PasswordBan(passwordFailures, Duration.ofSeconds(passwordWindow),
                        Duration.ofSeconds(passwordBan)))
                .withEngine(new Engine(choice("--transport", transport, Engine.Transport.class),
                        choice("--tls-engine", tlsEngine, Engine.Tls.class)));
    }

    private MetricsEndpoint metricsEndpoint() {
        if (metrics == null) {
            return null;
        }
        MetricsEndpoint at;
        try {
            at = MetricsEndpoint.parse(metrics);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metrics: " + e.getMessage());
        }
        if (new InetSocketAddress(at.host(), at.port()).isUnresolved()) {
            throw new IllegalArgumentException("--metrics: cannot resolve host " + at.host());
        }
        return at;
    }

    private WebClient web() {
        if (webDir == null) {
            return noWeb ? WebClient.OFF : WebClient.BUILT_IN;
        }
        if (noWeb) {
            throw new IllegalArgumentException("--web-dir and --no-web exclude each other");
        }
        if (!Files.isRegularFile(webDir.resolve("index.html"))) {
            throw new IllegalArgumentException("--web-dir must be a folder holding index.html, not " + webDir);
        }
        return WebClient.fromFolder(webDir);
    }

    /**
     * Clip bytes one connection may send at once: four seconds' worth, but no more than the slow-consumer bound (so
     * one sender cannot push a client that is reading past it) and never less than one largest clip. Defaults:
     * 32 MiB, as {@link RateLimits#DEFAULTS}.
     */
    private long voiceBurst() {
        return Math.max(maxClipBytes, Math.min(rateVoiceBytes * 4L, maxBufferedBytes));
    }

    private static <E extends Enum<E>> E choice(String flag, String value, Class<E> type) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(flag + " must be one of " + String.join(", ",
                Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList())
                + ", not " + value);
    }

    private static void positive(String flag, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
    }
}
