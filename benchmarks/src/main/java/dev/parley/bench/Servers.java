package dev.parley.bench;

import dev.parley.bench.mumble.MumbleReference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts the servers under test as child processes the way the common options say, or names the running relay to load
 * instead.
 */
final class Servers {
    private final List<String> relayJvm = new ArrayList<>();
    /** The relay's JVM options without the JFR recording (which would overwrite the relay's file). */
    private final List<String> bareJvm = new ArrayList<>();
    private final List<String> bareArgs;
    private final String relayClassPath;
    /** More relay options from --relay-options, before any a scenario adds. */
    private final List<String> relayOptions = new ArrayList<>();
    private final String remote;
    private final String trust;

    Servers(CommonOptions options) {
        if (!options.relayJvm.isBlank()) {
            relayJvm.addAll(Arrays.asList(options.relayJvm.trim().split("\\s+")));
        }
        bareJvm.addAll(relayJvm);
        if (options.jfr != null) {
            relayJvm.add("-XX:StartFlightRecording=filename=" + options.jfr + ",settings=profile,dumponexit=true");
        }
        if (!options.relayOptions.isBlank()) {
            relayOptions.addAll(Arrays.asList(options.relayOptions.trim().split("\\s+")));
        }
        bareArgs = List.of("--tls-engine", options.bareTlsEngine, "--transport", options.bareTransport);
        relayClassPath = options.relayClasspath != null ? options.relayClasspath : System.getProperty("java.class.path");
        remote = options.relay;
        trust = options.trust;
    }

    /**
     * Whether {@link #relay()} starts a relay (whose CPU and memory can be read) rather than naming one given by
     * --relay.
     */
    boolean startsRelay() {
        return remote == null;
    }

    /** A fresh relay, or the one given by --relay. */
    ChildServer relay() throws IOException {
        return remote != null ? ChildServer.remote(remote, trust)
                : ChildServer.relay(relayJvm, relayClassPath, relayOptions);
    }

    /**
     * A fresh relay with more relay options (e.g. {@code --max-buffered-bytes 8388608}); never the one given by
     * --relay.
     */
    ChildServer relay(List<String> relayOptions) throws IOException {
        return relay(List.of(), relayOptions);
    }

    /**
     * As above, with more JVM options after --relay-jvm's (e.g. a hidden system property such as
     * {@code -Dparley.cluster.inlineClipBytes=0}).
     */
    ChildServer relay(List<String> jvmOptions, List<String> relayOptions) throws IOException {
        List<String> jvm = new ArrayList<>(relayJvm);
        jvm.addAll(jvmOptions);
        List<String> all = new ArrayList<>(this.relayOptions);
        all.addAll(relayOptions);
        return ChildServer.relay(jvm, relayClassPath, all);
    }

    /** A fresh bare Netty broadcast server, with the engine the options chose. */
    ChildServer bare() throws IOException {
        return ChildServer.bare(bareJvm, bareArgs, "bare Netty");
    }

    /**
     * The same with every connection on one event loop: where the relay puts a few dozen connections
     * ({@code PackingChooser}), so one live stream wakes one thread per chunk in both.
     */
    ChildServer bareOneLoop() throws IOException {
        List<String> args = new ArrayList<>(bareArgs);
        args.addAll(List.of("--event-loops", "1"));
        return ChildServer.bare(bareJvm, args, "bare Netty 1 loop");
    }

    /** A fresh socket.io reference server (a node child: no JVM options); {@link ReferenceUnavailable} without node. */
    ChildServer socketIo() throws IOException {
        return ChildServer.socketIo();
    }

    /** A fresh murmurd, Mumble's server (a native program: the JVM options do not apply). */
    ChildServer murmur(MumbleReference.Options options) throws IOException {
        return ChildServer.murmur(options);
    }
}
