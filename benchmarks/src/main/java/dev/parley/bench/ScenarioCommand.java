package dev.parley.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * Runs a scenario as a subcommand: checks the options (a bad one is a usage error, exit code 2), prints the command
 * line that produces the figures, runs the scenario, then prints the summary table.
 */
@Command(sortOptions = false, usageHelpAutoWidth = true, abbreviateSynopsis = true)
abstract class ScenarioCommand implements Scenario, Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = {"-h", "--help"}, usageHelp = true, order = 200, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        Session session;
        try {
            common.check();
            session = new Session(common);
            check(session);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        System.out.println("-- command: java -jar parley-bench.jar "
                + String.join(" ", spec.root().commandLine().getParseResult().originalArgs()));
        run(session);
        session.printSummary();
        return 0;
    }
}
