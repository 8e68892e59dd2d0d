package dev.parley.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;

/**
 * The load generator's command line: {@code java -jar parley-bench.jar <scenario> [options]}, one subcommand per
 * scenario. It starts the relay (and the bare Netty reference server) as child processes from its own class path, or
 * loads a running relay given by {@code --relay wss://host:port --trust <SHA-256>}. See benchmarks/README.md.
 */
@Command(name = "parley-bench", synopsisSubcommandLabel = "<scenario>", usageHelpAutoWidth = true,
        description = {"Measures the Parley relay and prints figures: a table per phase, then a summary.",
                "Every scenario takes the common options (--runs --seconds --warmup --no-reference --bare-tls-engine "
                        + "--bare-transport --relay-jvm --jfr --relay-classpath --relay --trust); "
                        + "parley-bench <scenario> --help lists them with its own."},
        subcommands = {TextScenario.class, VoiceScenario.class, DurableScenario.class, ConnectionsScenario.class,
                StallScenario.class, LiveScenario.class, ClusterScenario.class, TlsScenario.class, AllScenario.class,
                JmhCommand.class})
public final class Bench implements Runnable {
    /** The exit code of a bad option or value. */
    static final int BAD_OPTIONS = 2;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Without a scenario: the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // the clients' threads may outlive a scenario: the exit ends the run
        System.exit(commandLine().execute(args));
    }

    /** The command line with its subcommands; a bad option prints what is wrong and returns {@link #BAD_OPTIONS}. */
    static CommandLine commandLine() {
        return new CommandLine(new Bench()).setParameterExceptionHandler(Bench::badOptions);
    }

    private static int badOptions(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("parley-bench: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("(see " + command.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return BAD_OPTIONS;
    }
}
