package dev.parley.bench.mumble;

import dev.parley.bench.support.ProcStats;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Runs the Mumble server reference alone and prints its figures:
 * {@code java -cp parley-bench.jar dev.parley.bench.mumble.MumbleMain --listeners 1,5,20,50}.
 * Exit status: 0 when every listener got every packet, 1 when not (or on an error), 2 when murmurd is not installed,
 * 64 for a bad option.
 */
public final class MumbleMain {
    static final String USAGE = """
            usage: MumbleMain [--listeners 1,5,20,50] [--messages 3] [--message-seconds 5] [--warmup 3]
                              [--idle-seconds 3] [--opus-bytes 79] [--murmurd /usr/sbin/murmurd]
              one speaker streams one Opus-sized voice packet every 20 ms (UDPTunnel over TLS) to L listeners in
              murmur's root channel; prints murmur's CPU per listener-second (CPU ms / (L x audio seconds))""";

    private MumbleMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        int[] listeners = {1, 5, 20, 50};
        int messages = 3;
        int seconds = 5;
        MumbleReference.Options d = MumbleReference.Options.defaults();
        String murmurd = d.murmurd();
        int warmup = d.warmupSeconds();
        int idle = d.idleSeconds();
        int opusBytes = d.opusBytes();
        MumbleReference.Options options;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(USAGE);
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--listeners" -> listeners = Arrays.stream(v.split(",")).map(String::strip)
                            .mapToInt(Integer::parseInt).toArray();
                    case "--messages" -> messages = Integer.parseInt(v);
                    case "--message-seconds" -> seconds = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--idle-seconds" -> idle = Integer.parseInt(v);
                    case "--opus-bytes" -> opusBytes = Integer.parseInt(v);
                    case "--murmurd" -> murmurd = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (listeners.length == 0 || Arrays.stream(listeners).anyMatch(l -> l < 1) || messages < 1 || seconds < 1) {
                throw new IllegalArgumentException("listeners, messages and seconds must be >= 1");
            }
            options = new MumbleReference.Options(murmurd, warmup, idle, opusBytes, d.seed());
        } catch (IllegalArgumentException e) { // NumberFormatException included
            err.println("MumbleMain: " + e.getMessage());
            err.println(USAGE);
            return 64;
        }
        Optional<String> missing = MumbleReference.unavailable(options);
        if (missing.isPresent()) {
            err.println("Mumble reference skipped: " + missing.get());
            return 2;
        }
        boolean allComplete = true;
        try (MumbleReference mumble = MumbleReference.start(options)) {
            out.printf("Mumble reference: %s; %d message(s) x %d s per L, one %d-byte Opus frame every %d ms "
                            + "(UDPTunnel over TLS), warm-up %d s; %d cores, load average %s%n",
                    mumble.describe(), messages, seconds, options.opusBytes(), MumbleReference.FRAME_MS, warmup,
                    Runtime.getRuntime().availableProcessors(), ProcStats.loadAverage());
            List<MumbleReference.Result> results = new ArrayList<>();
            for (int l : listeners) {
                MumbleReference.Result r = mumble.measure(l, seconds, messages);
                results.add(r);
                print(out, r);
                allComplete &= r.complete();
            }
            printMarginal(out, results);
        } catch (MumbleReference.Unavailable e) {
            err.println("Mumble reference skipped: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("Mumble reference failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("Mumble reference interrupted");
            return 1;
        }
        return allComplete ? 0 : 1;
    }

    static void print(PrintStream out, MumbleReference.Result r) {
        out.printf("L=%d (%s; load %s -> %s)%n", r.listeners(), r.tls(), r.loadBefore(), r.loadAfter());
        boolean idleMeasured = !Double.isNaN(r.idleCorePercent());
        out.printf("  murmur CPU per listener-second: %s ms (%s), %s %% of a core while streaming (kernel %s %%); "
                        + "generator %s %% of a core%n",
                r.cpuMsPerListenerSecond().format("%.2f"),
                idleMeasured ? "net of idle " + r.cpuMsPerListenerSecondNetOfIdle().format("%.2f")
                        + String.format(", idle %.1f %%", r.idleCorePercent()) : "idle not measured",
                r.corePercent().format("%.1f"), r.kernelPercent().format("%.0f"),
                r.generatorCorePercent().format("%.0f"));
        out.printf("  packets: %d/%d copies exact, %d missing, %d out of order, %d wrong bytes, %d stray; "
                        + "send->receive p50/p99/max %.2f/%.2f/%.2f ms; sent late p99/max %.2f/%.2f ms%n",
                r.exactCopies(), r.expectedCopies(), r.missingCopies(), r.outOfOrder(), r.wrongBytes(), r.strays(),
                r.latencyP50Ms(), r.latencyP99Ms(), r.latencyMaxMs(), r.sendLagP99Ms(), r.sendLagMaxMs());
        for (String p : r.problems()) {
            out.println("  PROBLEM: " + p);
        }
    }

    /** The CPU per added listener between consecutive L (the stream's own cost cancels out). */
    static void printMarginal(PrintStream out, List<MumbleReference.Result> results) {
        for (int i = 1; i < results.size(); i++) {
            MumbleReference.Result a = results.get(i - 1);
            MumbleReference.Result b = results.get(i);
            if (b.listeners() <= a.listeners()) {
                continue;
            }
            double perSecondA = a.cpuMsPerListenerSecond().median() * a.listeners();
            double perSecondB = b.cpuMsPerListenerSecond().median() * b.listeners();
            out.printf("  each listener added from L=%d to L=%d: %.2f ms per listener-second%n", a.listeners(),
                    b.listeners(), (perSecondB - perSecondA) / (b.listeners() - a.listeners()));
        }
    }
}
