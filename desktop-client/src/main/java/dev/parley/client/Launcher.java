package dev.parley.client;

import dev.parley.relay.cli.RelayMain;
import javafx.application.Application;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point of the self-contained jar and of the installed app. It does not extend {@link Application}, so the
 * JavaFX runtime can come from the class path (the shaded jar) instead of the module path.
 * <p>
 * {@code --help} and {@code --version} print and exit 0; bad options print one line and exit 2 before any window
 * opens; {@code --relay-only [relay flags]} runs the relay headless, exactly as {@code parley-relay.jar} does.
 */
public final class Launcher {
    /** Exit code for bad command-line options. */
    static final int BAD_OPTIONS = 2;
    /** Exit code when there is no display to open a window on. */
    static final int NO_DISPLAY = 3;

    private Launcher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--relay-only")) {
            RelayMain.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        int code = check(List.of(args), System.out, System.err);
        if (code < 0) {
            code = checkDisplay(System.getProperty("os.name"), System::getenv, System.err);
        }
        if (code >= 0) {
            System.exit(code);
        }
        try {
            Application.launch(ParleyApp.class, args);
        } catch (RuntimeException e) {
            // e.g. "Unable to open DISPLAY" on a display we could not tell was unusable
            System.err.println("parley: cannot open a window (" + e.getMessage() + "). The app needs a desktop; "
                    + "to run only a relay, use parley --relay-only");
            System.exit(NO_DISPLAY);
        }
    }

    /**
     * On Linux and other X11/Wayland systems a window needs {@code DISPLAY} or {@code WAYLAND_DISPLAY}: without
     * either, say so in one line (and how to run only a relay) instead of JavaFX's stack trace.
     *
     * @return the exit code, or -1 when a window can be tried
     */
    static int checkDisplay(String osName, java.util.function.UnaryOperator<String> env, PrintStream err) {
        String os = osName == null ? "" : osName.toLowerCase(java.util.Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) {
            return -1;
        }
        if (isSet(env.apply("DISPLAY")) || isSet(env.apply("WAYLAND_DISPLAY"))) {
            return -1;
        }
        err.println("parley: no display found (DISPLAY is not set): the app needs a desktop; "
                + "to run only a relay, use parley --relay-only");
        return NO_DISPLAY;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Handles the options that end before the window opens. Returns the exit code, or -1 when the app should start.
     */
    static int check(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(usage());
            return 0;
        }
        if (args.contains("--version")) {
            out.println("Parley " + version());
            return 0;
        }
        try {
            AppOptions.parse(args);
            return -1;
        } catch (IllegalArgumentException e) {
            err.println("parley: " + e.getMessage() + " (see --help)");
            return BAD_OPTIONS;
        }
    }

    /** The version from the jar's manifest ({@code dev} when run from classes). */
    static String version() {
        String v = Launcher.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static String usage() {
        return """
                Usage: parley [options]
                       parley --relay-only [relay flags]   (run only a relay, no window; --relay-only --help lists its flags)

                Push-to-talk voice messages and chat on your local network.

                  --relay wss://HOST:PORT   relay to connect to
                  --nick NAME               your name in the room
                  --room ROOM               room to join (default lobby); --relay, --nick and --room together join at once
                  --password PASSWORD       the relay's room password, if it has one
                  --trust SHA256            trust this certificate fingerprint for --relay (64 hex digits, colons optional)
                  --host                    host a relay on this computer and join it
                  --host-port PORT          port of the hosted relay (default 55555, 0 = any free port)
                  --settings-dir DIR        where settings and trusted relays are kept (default ~/.parley/desktop)
                  --no-discovery            do not list the relays on the local network, nor announce a hosted relay
                  --version                 print the version
                  --help                    print this help
                """;
    }
}
