package dev.parley.bench;

import picocli.CommandLine.Option;

import java.util.List;

/**
 * The options every scenario takes: how long it measures, and which servers it starts and how, or which relay it loads
 * instead.
 */
final class CommonOptions {
    @Option(names = "--runs", paramLabel = "N", order = 100,
            description = "Measured windows per phase (default: ${DEFAULT-VALUE}).")
    int runs = 3;

    @Option(names = "--seconds", paramLabel = "S", order = 101,
            description = "Length of each measured window, in seconds (default: ${DEFAULT-VALUE}).")
    int seconds = 4;

    @Option(names = "--warmup", paramLabel = "S", order = 102,
            description = "Warm-up before the first window, in seconds (default: ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--no-reference", order = 103, description = "Skip the reference servers' runs (the bare Netty server; socket.io in text; murmur in live).")
    boolean noReference;

    @Option(names = "--bare-tls-engine", paramLabel = "ENGINE", order = 104,
            description = "The bare Netty server's TLS engine: auto, openssl or jdk (default: ${DEFAULT-VALUE}, "
                    + "native where it loads).")
    String bareTlsEngine = "auto";

    @Option(names = "--bare-transport", paramLabel = "TRANSPORT", order = 105,
            description = "The bare Netty server's transport: auto, epoll or nio (default: ${DEFAULT-VALUE}, "
                    + "native where it loads).")
    String bareTransport = "auto";

    @Option(names = "--relay-jvm", paramLabel = "\"OPTIONS\"", order = 106,
            description = "JVM options for the relay child, and for the bare Netty child too, e.g. \"-Xmx512m\".")
    String relayJvm = "";

    @Option(names = "--jfr", paramLabel = "FILE", order = 107,
            description = "Record the relay child (not the bare one) with JFR, settings=profile, into FILE.")
    String jfr;

    @Option(names = "--relay-classpath", paramLabel = "CLASSPATH", order = 108,
            description = "Run the relay child from another build, e.g. a patched relay-server/target/parley-relay.jar "
                    + "(default: this program's own class path).")
    String relayClasspath;

    @Option(names = "--relay-options", paramLabel = "\"OPTIONS\"", order = 111,
            description = "More command-line options for the relay child, e.g. \"--metrics 127.0.0.1:9464\".")
    String relayOptions = "";

    @Option(names = "--relay", paramLabel = "wss://HOST:PORT", order = 109,
            description = "Load a relay that runs elsewhere instead of starting one (then there are no CPU or memory "
                    + "figures); needs --trust.")
    String relay;

    @Option(names = "--trust", paramLabel = "SHA-256", order = 110,
            description = "The certificate fingerprint of --relay, as its first line prints it.")
    String trust;

    /** Refuses values that cannot work, saying which; before anything starts. */
    void check() {
        if (runs < 1 || seconds < 1 || warmup < 0) {
            throw new IllegalArgumentException("--runs and --seconds must be at least 1 and --warmup at least 0");
        }
        if (!List.of("auto", "openssl", "jdk").contains(bareTlsEngine)) {
            throw new IllegalArgumentException("--bare-tls-engine must be auto, openssl or jdk, not " + bareTlsEngine);
        }
        if (!List.of("auto", "epoll", "nio").contains(bareTransport)) {
            throw new IllegalArgumentException("--bare-transport must be auto, epoll or nio, not " + bareTransport);
        }
        if (relay != null && !ChildServer.REMOTE_URL.matcher(relay).matches()) {
            throw new IllegalArgumentException("--relay must look like wss://host:port, not " + relay);
        }
        if (relay != null && trust == null) {
            throw new IllegalArgumentException("--relay needs --trust <SHA-256 fingerprint>");
        }
    }
}
