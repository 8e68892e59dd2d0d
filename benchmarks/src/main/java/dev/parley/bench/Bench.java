package dev.parley.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;

/**
 * The load generator's command line: {@code java -jar parley-bench.jar <scenario> [--option value ...]}.
 * It starts the relay (and the bare Netty reference server) as child processes from its own class path, or targets a
 * running relay with {@code --relay wss://host:port --trust <SHA-256>}. See benchmarks/README.md.
 */
public final class Bench {
    private static final String USAGE = """
            usage: java -jar parley-bench.jar <command> [options]
              text         R receivers + S senders, ~100-byte chat messages: max rate, then a fixed offered rate;
                           then the same load against the bare Netty broadcast server (the yardstick)
                           --receivers 50 --senders 5 --window 32 --rate 1000 (0 skips) --bytes 100
                           --only-fixed-rate (skip the max-rate phases)
              voice        R receivers + S senders, 320 kB WAV clips; vs the bare Netty server and raw TLS loopback
                           --receivers 20 --senders 2 --window 2 --bytes 320044
              durable      S senders, each alone in a room, every message acknowledged (stored with SQLite)
                           --senders 50 --window 4
              connections  N idle joined TLS connections; fresh relay (then bare Netty server) per run
                           --connections 1000 (try 5000) --room-size 20 --parallel 4 --stalled 50
              stall        R reading receivers, 1 sender, 1 receiver that never reads (small receive buffer):
                           is it closed 1013, relay memory, everyone else's clips; default bound, then the given one
                           --receivers 5 --megabytes 64 --bytes 320044 --window 2 --receive-buffer 16384
                           --warm-clips 20 (sent before the stalled receiver joins)
                           --max-buffered-bytes 8388608 (0 skips the second run)
              live         protocol 2: 1 speaker streams 20 ms PCM chunks in real time to L listeners (each L given):
                           relay CPU per listener-second, chunk latency, every chunk and stored clip checked; then
                           chat in another room without, with and again without a stream to 20 listeners
                           --listeners 1,20,100 --messages 3 --message-seconds 5 --chunk-ms 20
                           --chat-receivers 20 --chat-senders 5 --chat-rate 200 --chat-bytes 100
                           --interference-listeners 20 (0 skips the chat part); --warmup: warm-up message,
                           --seconds: the relay's idle CPU window, --runs/--seconds/--warmup: the chat windows
              tls          raw TLS loopback throughput of one JSSE socket pair
              all          tls, text, voice, durable, connections, then one summary table
              jmh [args]   the JMH codec benchmarks (default args: -prof gc -f 1 -wi 3 -w 2 -i 3 -r 2)
            common options:
              --runs 3 --seconds 4 --warmup 3   measured windows per phase, their length, warm-up seconds
              --relay wss://host:port --trust <SHA-256>   use a running relay (no CPU/memory figures)
              --no-reference     skip the bare Netty reference runs
              --bare-tls-engine auto|openssl|jdk  --bare-transport auto|epoll|nio   the bare Netty server's engine
              --relay-jvm "<options>"   JVM options for the relay child, e.g. "-Xmx512m"
              --jfr <file>       record the relay child with JFR (settings=profile) into <file>
              --relay-classpath <cp>   run the relay child from another build (e.g. a patched parley-relay.jar)
            """;

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.out.print(USAGE);
            return;
        }
        String command = argv[0];
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (command.equals("jmh")) {
            org.openjdk.jmh.Main.main(rest.isEmpty()
                    ? new String[] {"-prof", "gc", "-f", "1", "-wi", "3", "-w", "2", "-i", "3", "-r", "2"}
                    : rest.toArray(new String[0]));
            return;
        }
        try {
            run(command, new Args(rest));
        } catch (IllegalArgumentException e) {
            System.err.println("parley-bench: " + e.getMessage() + " (see --help)");
            System.exit(2);
        }
        System.exit(0);
    }

    private static void run(String command, Args args) throws Exception {
        Scenarios s = new Scenarios(args);
        Report report = new Report();
        switch (command) {
            case "text" -> s.text(report);
            case "voice" -> s.voice(report);
            case "durable" -> s.durable(report);
            case "connections" -> s.connections(report);
            case "stall" -> s.stall(report);
            case "tls" -> s.tls(report);
            case "live" -> s.live(report);
            case "all" -> {
                args.checkAllUsed(); // only the common options: each scenario runs with its defaults
                s.tls(report);
                s.text(report);
                s.voice(report);
                s.durable(report);
                s.connections(report);
            }
            default -> {
                System.err.print("unknown command " + command + "\n" + USAGE);
                System.exit(2);
            }
        }
        System.out.println();
        System.out.println("Summary: " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ", " + Window.CORES + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version") + "; medians of " + s.runs + " windows per phase");
        report.print();
    }
}
