package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the JMH microbenchmarks in this jar ({@code jmh/}) through JMH's own command line, with our default arguments
 * when none are given.
 */
@Command(name = "jmh", usageHelpAutoWidth = true,
        description = {"The JMH codec and TLS microbenchmarks; every argument goes to JMH (e.g. jmh CodecBenchmarks, "
                + "jmh -h for JMH's options). Default: " + JmhCommand.DEFAULTS + "."})
final class JmhCommand implements Callable<Integer> {
    static final String DEFAULTS = "-prof gc -f 1 -wi 3 -w 2 -i 3 -r 2";

    @Unmatched
    List<String> args = new ArrayList<>();

    /** JMH's arguments: those given, or our defaults (allocation per op, one fork, short iterations). */
    String[] jmhArgs() {
        return args.isEmpty() ? DEFAULTS.split(" ") : args.toArray(new String[0]);
    }

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(jmhArgs());
        return 0;
    }
}
