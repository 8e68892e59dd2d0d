package dev.parley.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the command line does before any window opens. */
class LauncherTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(String... args) {
        return Launcher.check(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryOptionAndExitsZero() {
        assertThat(check("--help")).isZero();
        assertThat(out()).contains("--relay", "--nick", "--room", "--password", "--trust", "--host", "--host-port",
                "--settings-dir", "--version", "--relay-only", "--no-discovery");
        assertThat(err()).isEmpty();
    }

    @Test
    void versionPrintsOneLine() {
        assertThat(check("--version")).isZero();
        assertThat(out()).startsWith("Parley ").hasLineCount(1);
    }

    @Test
    void badOptionsPrintOneLineAndExitTwo() {
        for (String[] bad : new String[][] {{"--colour", "red"}, {"--nick"}, {"--relay", "http://x"},
                {"--trust", "12:34"}, {"--host-port", "seventy"}, {"--host-port", "70000"}}) {
            err.reset();
            assertThat(check(bad)).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(err()).as(String.join(" ", bad)).startsWith("parley: ").hasLineCount(1)
                    .doesNotContain("Exception");
        }
    }

    @Test
    void goodOptionsStartTheApp() {
        assertThat(check("--relay", "wss://192.168.1.20:55555", "--nick", "alice", "--room", "lobby")).isEqualTo(-1);
        assertThat(check("--host", "--host-port", "0", "--nick", "alice")).isEqualTo(-1);
        assertThat(out()).isEmpty();
        assertThat(err()).isEmpty();
    }

    @Test
    void anUnknownOptionIsCalledUnknownEvenWithoutAValue() {
        assertThat(check("--bogus")).isEqualTo(2);
        assertThat(err()).isEqualTo("parley: unknown option --bogus (see --help)" + System.lineSeparator());
        err.reset();
        assertThat(check("--nick", "alice", "--bogus=1")).isEqualTo(2);
        assertThat(err()).contains("unknown option --bogus");
    }

    @Test
    void withoutADisplayOneLineSaysADesktopOrRelayOnlyIsNeeded() {
        PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(Launcher.checkDisplay("Linux", name -> null, errs)).isEqualTo(Launcher.NO_DISPLAY);
        assertThat(err()).startsWith("parley: ").hasLineCount(1).contains("needs a desktop").contains("--relay-only")
                .doesNotContain("Exception");
        err.reset();
        assertThat(Launcher.checkDisplay("Linux", name -> name.equals("DISPLAY") ? ":0" : null, errs)).isEqualTo(-1);
        assertThat(Launcher.checkDisplay("Linux", name -> name.equals("WAYLAND_DISPLAY") ? "wayland-0" : null, errs))
                .isEqualTo(-1);
        assertThat(Launcher.checkDisplay("Windows 11", name -> null, errs)).isEqualTo(-1);
        assertThat(err()).isEmpty();
    }
}
