package dev.parley.relay.cli;

import dev.parley.relay.ParleyRelay;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar parley-relay.jar [options]}: runs a relay until Ctrl-C. Exit codes: 0 ok, 1 failed, 2 bad flags. */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err, true);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses {@code args}; for {@code --help}/{@code --version} or bad flags, prints and returns the exit code
     * without starting anything. Otherwise starts the relay and, if {@code block}, waits until the JVM shuts down.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, boolean block) {
        RelayCommand command = new RelayCommand();
        CommandLine cli = new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("parley-relay: " + ex.getMessage() + " (see --help)");
                    return RelayCommand.BAD_FLAGS;
                });
        command.onStarted = relay -> {
            if (block) {
                waitForShutdown(relay);
            }
        };
        return cli.execute(args);
    }

    private static void waitForShutdown(ParleyRelay relay) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "parley-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
