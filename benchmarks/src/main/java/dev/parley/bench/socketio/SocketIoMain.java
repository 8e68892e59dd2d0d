package dev.parley.bench.socketio;

import dev.parley.bench.BenchTools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;

/**
 * The socket.io reference alone, from the repo root after {@code npm ci --prefix benchmarks/socketio}:
 * {@code java -cp benchmarks/target/parley-bench.jar dev.parley.bench.socketio.SocketIoMain --receivers 50
 * --senders 5 --rate 1000}. Prints the same table as {@code text}'s fixed-rate phase, then one summary line.
 * Exits 0 with one "skipped" line when node or its node_modules are missing.
 */
public final class SocketIoMain {
    private static final String USAGE = """
            usage: java -cp parley-bench.jar dev.parley.bench.socketio.SocketIoMain [options]
              R receivers + S senders in one room of a socket.io 4.8.4 server (node child process), ~100-byte chat
              events at a fixed offered rate: latency send->receive over every copy, server CPU per delivery
              --receivers 50 --senders 5 --rate 1000 --bytes 100
              --runs 3 --seconds 4 --warmup 3       measured windows, their length, warm-up seconds
              --socketio-dir <dir>   the folder with server.js and node_modules (default: benchmarks/socketio
                                     under the working directory, or beside the jar's target folder)
              --node <path>          the node executable (default: the PATH's)
            needs Node.js 20+ and, once: npm ci --prefix benchmarks/socketio
            """;

    private SocketIoMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && (argv[0].equals("--help") || argv[0].equals("-h"))) {
            System.out.print(USAGE);
            return;
        }
        int receivers;
        int senders;
        double rate;
        int bytes;
        int runs;
        int seconds;
        int warmup;
        SocketIoReference.Options options;
        try {
            BenchTools.Options args = BenchTools.options(Arrays.asList(argv));
            receivers = args.integer("receivers", 50);
            senders = args.integer("senders", 5);
            rate = args.decimal("rate", 1000);
            bytes = args.integer("bytes", 100);
            runs = args.integer("runs", 3);
            seconds = args.integer("seconds", 4);
            warmup = args.integer("warmup", 3);
            String dir = args.string("socketio-dir", null);
            options = new SocketIoReference.Options(dir == null ? null : Path.of(dir), args.string("node", null), 0, 0);
            args.checkAllUsed();
            if (rate <= 0 || senders < 1 || receivers < 0 || runs < 1 || seconds < 1 || warmup < 0) {
                throw new IllegalArgumentException("need --rate > 0, --senders >= 1, --runs >= 1, --seconds >= 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("socket.io reference: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        String loadBefore = loadAverage();
        SocketIoReference.Result r;
        try (SocketIoReference io = SocketIoReference.start(options)) {
            r = io.measure(receivers, senders, rate, seconds, runs, warmup, bytes);
        } catch (SocketIoReference.Unavailable e) {
            System.out.println(SocketIoReference.skipped(e));
            System.exit(0);
            return;
        }
        r.print();
        System.out.println();
        System.out.printf(Locale.ROOT, "Summary: %s, %d cores, load average %s before, %s after; medians of %d windows%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), runs);
        System.out.printf(Locale.ROOT, "socket.io %s msgs/s, %d+%d: latency p50/p99/max %s / %s / %s ms, server CPU %s us per"
                        + " delivery, %s cores, order errors %s%n", BenchTools.num(rate), receivers, senders,
                BenchTools.num(r.median("latency p50 ms")), BenchTools.num(r.median("latency p99 ms")),
                BenchTools.num(r.median("latency max ms")), BenchTools.num(r.median("server CPU us/delivery")),
                BenchTools.num(r.median("server CPU cores")), BenchTools.num(r.median("order errors")));
        System.exit(0);
    }

    /** The first three fields of /proc/loadavg (1, 5, 15 minutes), or "?" off Linux. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
