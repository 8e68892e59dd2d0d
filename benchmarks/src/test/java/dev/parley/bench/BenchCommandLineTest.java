package dev.parley.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's parsing only: nothing here starts a server or measures anything. */
class BenchCommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The scenario (or jmh) object picocli filled in from {@code args}. */
    private static Object parse(String args) {
        ParseResult parsed = Bench.commandLine().parseArgs(args.isEmpty() ? new String[0] : args.split(" "));
        return parsed.subcommand().commandSpec().userObject();
    }

    private int execute(String args) {
        CommandLine cli = Bench.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args.isEmpty() ? new String[0] : args.split(" "));
    }

    @Test
    void eachScenarioHasItsDefaultsAndTheCommonOnes() {
        TextScenario text = (TextScenario) parse("text");
        assertThat(text.receivers).isEqualTo(50);
        assertThat(text.senders).isEqualTo(5);
        assertThat(text.window).isEqualTo(32);
        assertThat(text.rate).isEqualTo(1000);
        assertThat(text.bytes).isEqualTo(100);
        assertThat(text.onlyFixedRate).isFalse();
        CommonOptions common = text.common;
        assertThat(common.runs).isEqualTo(3);
        assertThat(common.seconds).isEqualTo(4);
        assertThat(common.warmup).isEqualTo(3);
        assertThat(common.noReference).isFalse();
        assertThat(common.bareTlsEngine).isEqualTo("auto");
        assertThat(common.bareTransport).isEqualTo("auto");
        assertThat(common.relayJvm).isEmpty();
        assertThat(common.jfr).isNull();
        assertThat(common.relayClasspath).isNull();
        assertThat(common.relay).isNull();

        VoiceScenario voice = (VoiceScenario) parse("voice");
        assertThat(new int[] {voice.receivers, voice.senders, voice.window, voice.bytes}).containsExactly(20, 2, 2, 320_044);
        DurableScenario durable = (DurableScenario) parse("durable");
        assertThat(new int[] {durable.senders, durable.window, durable.bytes}).containsExactly(50, 4, 100);
        ConnectionsScenario connections = (ConnectionsScenario) parse("connections");
        assertThat(new int[] {connections.connections, connections.roomSize, connections.parallel, connections.stalled})
                .containsExactly(1000, 20, 4, 50);
        StallScenario stall = (StallScenario) parse("stall");
        assertThat(new int[] {stall.receivers, stall.bytes, stall.window, stall.receiveBuffer, stall.warmClips})
                .containsExactly(5, 320_044, 2, 16_384, 20);
        assertThat(stall.megabytes).isEqualTo(64);
        assertThat(stall.maxBufferedBytes).isEqualTo(8L << 20);
        LiveScenario live = (LiveScenario) parse("live");
        assertThat(live.listeners).containsExactly(1, 20, 100);
        assertThat(new int[] {live.messages, live.chunkMs, live.chatReceivers, live.chatSenders, live.chatBytes,
                live.interferenceListeners}).containsExactly(3, 20, 20, 5, 100, 20);
        assertThat(live.messageSeconds).isEqualTo(5);
        assertThat(live.chatRate).isEqualTo(200);
        ClusterScenario cluster = (ClusterScenario) parse("cluster");
        assertThat(new int[] {cluster.relays, cluster.receivers, cluster.senders, cluster.bytes, cluster.clipReceivers,
                cluster.clipSenders, cluster.clipWindow, cluster.clipBytes, cluster.listeners, cluster.messages,
                cluster.chunkMs}).containsExactly(2, 50, 5, 100, 20, 2, 2, 320_044, 20, 3, 20);
        assertThat(cluster.rate).isEqualTo(1000);
        assertThat(cluster.messageSeconds).isEqualTo(5);
        assertThat(cluster.clipsByReference).isFalse();
    }

    @Test
    void takesTheOptionsCiAndTheReadmeGive() {
        TextScenario text = (TextScenario) parse("text --runs 1 --seconds 1 --warmup 1 --receivers 3 --senders 1 --rate 100");
        assertThat(new int[] {text.common.runs, text.common.seconds, text.common.warmup, text.receivers, text.senders})
                .containsExactly(1, 1, 1, 3, 1);
        assertThat(text.rate).isEqualTo(100);

        LiveScenario live = (LiveScenario) parse("live --runs 1 --seconds 1 --warmup 1 --listeners 1,2 --messages 1"
                + " --message-seconds 1 --chat-receivers 2 --chat-senders 1 --chat-rate 50 --interference-listeners 2");
        assertThat(live.listeners).containsExactly(1, 2);
        assertThat(live.messageSeconds).isEqualTo(1);
        assertThat(live.chatRate).isEqualTo(50);
        assertThat(live.interferenceListeners).isEqualTo(2);

        ClusterScenario cluster = (ClusterScenario) parse("cluster --runs 1 --seconds 1 --warmup 1 --receivers 4"
                + " --senders 2 --rate 100 --clip-receivers 2 --clip-senders 2 --listeners 2 --messages 1"
                + " --message-seconds 1 --relay-options --no-warmup --clips-by-reference");
        assertThat(new int[] {cluster.receivers, cluster.senders, cluster.clipReceivers, cluster.clipSenders,
                cluster.listeners, cluster.messages}).containsExactly(4, 2, 2, 2, 2, 1);
        assertThat(cluster.rate).isEqualTo(100);
        assertThat(cluster.messageSeconds).isEqualTo(1);
        assertThat(cluster.common.relayOptions).isEqualTo("--no-warmup");
        assertThat(cluster.clipsByReference).isTrue();

        StallScenario stall = (StallScenario) parse("stall --megabytes 4 --receivers 1 --warm-clips 2 --max-buffered-bytes 0");
        assertThat(stall.megabytes).isEqualTo(4);
        assertThat(stall.maxBufferedBytes).isZero();

        TextScenario profiled = (TextScenario) parse("text --jfr text.jfr --no-reference --rate 0 --only-fixed-rate");
        assertThat(profiled.common.jfr).isEqualTo("text.jfr");
        assertThat(profiled.common.noReference).isTrue();
        assertThat(profiled.onlyFixedRate).isTrue();

        ConnectionsScenario many = (ConnectionsScenario) parse("connections --connections=5000 --runs=1");
        assertThat(many.connections).isEqualTo(5000);
        assertThat(many.common.runs).isEqualTo(1);

        // a JVM option is a value, not an option of ours; so is another build's class path
        VoiceScenario voice = (VoiceScenario) parse("voice --relay-jvm -Xmx256m --relay-classpath patched.jar"
                + " --bare-tls-engine jdk --bare-transport nio --relay wss://10.0.0.2:7443 --trust AB:CD");
        assertThat(voice.common.relayJvm).isEqualTo("-Xmx256m");
        assertThat(voice.common.relayClasspath).isEqualTo("patched.jar");
        assertThat(voice.common.bareTlsEngine).isEqualTo("jdk");
        assertThat(voice.common.bareTransport).isEqualTo("nio");
        assertThat(voice.common.relay).isEqualTo("wss://10.0.0.2:7443");
        assertThat(voice.common.trust).isEqualTo("AB:CD");
    }

    @Test
    void jmhGetsEveryArgumentAsGivenOrOurDefaults() {
        assertThat(((JmhCommand) parse("jmh")).jmhArgs()).containsExactly("-prof", "gc", "-f", "1", "-wi", "3", "-w", "2",
                "-i", "3", "-r", "2");
        assertThat(((JmhCommand) parse("jmh CodecBenchmarks")).jmhArgs()).containsExactly("CodecBenchmarks");
        assertThat(((JmhCommand) parse("jmh -prof gc -f 1 -h --runs 2 TlsCryptoBenchmarks")).jmhArgs())
                .containsExactly("-prof", "gc", "-f", "1", "-h", "--runs", "2", "TlsCryptoBenchmarks");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "text --runs x",                        // not a number
            "text --rate fast",                     // not a number
            "text --bogus 1",                       // no such option
            "text --recievers 3",                   // a typo
            "text extra",                           // no positional arguments
            "all --receivers 3",                    // all runs each scenario with its defaults
            "tls --receivers 3",                    // tls has only the common options
            "nosuchscenario",                       // no such subcommand
            "text --runs 0",                        // no window to measure
            "voice --seconds 0",                    // windows of no length
            "text --bare-tls-engine boringssl",     // auto, openssl or jdk
            "text --bare-transport io_uring",       // auto, epoll or nio
            "text --relay wss://10.0.0.2:7443",     // --relay without --trust
            "text --relay 10.0.0.2 --trust AB",     // not wss://host:port
            "connections --relay wss://h:1 --trust AB", // memory figures need a relay it starts
            "stall --relay wss://h:1 --trust AB",   // the same
            "all --relay wss://h:1 --trust AB",     // all includes connections: refused before anything runs
            "live --listeners 1,0",                 // a phase without listeners
            "live --messages 0",                    // nothing to measure
            "live --listeners 1,x",                 // not a number
            "cluster --relay wss://h:1 --trust AB", // it starts its own relays, PostgreSQL and nats-server
            "cluster --relays 0",                   // no relay to load
            "cluster --rate 0",                     // chat at a fixed offered rate only
            "cluster --clip-window 0",              // no clip would ever be sent
    })
    void aBadOptionIsAUsageErrorWithAMessageAndNoStackTrace(String args) {
        assertThat(execute(args)).isEqualTo(2);
        assertThat(err.toString()).startsWith("parley-bench: ").contains("--help").doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theMessageSaysWhatIsWrong() {
        execute("text --runs x");
        assertThat(err.toString()).contains("'--runs'").contains("'x'").contains("parley-bench text --help");
        err.getBuffer().setLength(0);
        execute("text --recievers 3");
        assertThat(err.toString()).contains("--recievers").contains("--receivers");
        err.getBuffer().setLength(0);
        execute("stall --relay wss://h:1 --trust AB");
        assertThat(err.toString()).contains("stall measures the relay's memory: it needs a relay it starts");
        err.getBuffer().setLength(0);
        execute("cluster --relay wss://h:1 --trust AB");
        assertThat(err.toString()).contains("cluster starts its own relays, PostgreSQL and nats-server");
    }

    @Test
    void helpListsEachScenarioAndItsOptionsWithTheirDefaults() {
        assertThat(execute("")).isZero();
        assertThat(out.toString()).contains("text", "voice", "durable", "connections", "stall", "live", "cluster", "tls",
                "all", "jmh");
        out.getBuffer().setLength(0);
        assertThat(execute("text --help")).isZero();
        assertThat(out.toString()).contains("--receivers=R", "(default: 50)", "--runs=N", "(default: 3)",
                "--bare-tls-engine", "--relay-classpath", "--trust");
        out.getBuffer().setLength(0);
        assertThat(execute("live -h")).isZero();
        assertThat(out.toString()).contains("--listeners=L", "1,20,100)");
        out.getBuffer().setLength(0);
        assertThat(execute("cluster --help")).isZero();
        assertThat(out.toString()).contains("--relays=N", "(default: 2)", "--clip-bytes=BYTES", "(default: 320044)",
                "PostgreSQL", "nats-server");
        assertThat(err.toString()).isEmpty();
    }
}
