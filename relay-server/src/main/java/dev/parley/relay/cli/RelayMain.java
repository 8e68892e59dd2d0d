package dev.parley.relay.cli;

import dev.parley.relay.server.ParleyRelay;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** {@code java -jar parley-relay.jar [options]}: runs a relay until Ctrl-C. Exit codes: 0 ok, 1 failed, 2 bad flags. */
public final class RelayMain {
    private RelayMain() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean started = new AtomicBoolean();
        // the shutdown hook is in place before the start lines are printed: a stop signal sent as soon as they show
        // (a service manager, a script) still closes the relay cleanly
        int code = run(args, out, err, relay -> {
            started.set(true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                relay.close();
                stopped.countDown();
            }, "parley-shutdown"));
        });
        if (code != 0) {
            System.exit(code);
        }
        if (started.get()) {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Parses {@code args}; for {@code --help}/{@code --version} or bad flags, prints and returns the exit code
     * without starting anything. Otherwise starts the relay, leaves it running and returns 0.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, relay -> { });
    }

    /**
     * As {@link #run(String[], PrintWriter, PrintWriter)}, handing the started relay to {@code onStarted} before its start
     * lines are printed.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Consumer<ParleyRelay> onStarted) {
        RelayCommand command = new RelayCommand();
        CommandLine cli = new CommandLine(command)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((ex, a) -> {
                    ex.getCommandLine().getErr().println("parley-relay: " + ex.getMessage() + " (see --help)");
                    return RelayCommand.BAD_FLAGS;
                });
        command.onStarted = onStarted;
        return cli.execute(args);
    }
}
