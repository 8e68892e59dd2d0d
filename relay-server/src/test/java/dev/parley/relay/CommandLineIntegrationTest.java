package dev.parley.relay;

import dev.parley.relay.cli.RelayMain;
import dev.parley.relay.server.ParleyRelay;
import dev.parley.relay.testing.QrCodes;
import dev.parley.relay.testing.Scrapes;
import io.netty.channel.epoll.Epoll;
import io.netty.handler.ssl.OpenSsl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line: {@code --help} lists the flags; a bad flag or value exits 2 with one line and no stack trace. */
class CommandLineIntegrationTest {
    @TempDir
    Path dataDir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpExitsZeroAndListsTheFlags() {
        Run r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--port", "--bind", "--data", "--password", "--keystore", "--max-text-chars",
                "--max-clip-bytes", "--max-clip-millis", "--retention-days", "--max-buffered-bytes", "--name",
                "--no-discovery", "--password-failures", "--password-window", "--password-ban", "--transport",
                "--tls-engine", "--no-web", "--no-qr", "--metrics", "--database", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("No authentication: bind it to localhost or a management network");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void theStartLinesGiveAddressFingerprintAndTheNetworkEngine() {
        List<String> engines = new ArrayList<>();
        for (String[] engine : new String[][] {{"nio", "jdk"}, {"auto", "auto"}}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            AtomicReference<ParleyRelay> started = new AtomicReference<>();
            int code = RelayMain.run(new String[] {"--data", dataDir.toString(), "--bind", "127.0.0.1",
                    "--port", "0", "--no-discovery", "--transport", engine[0], "--tls-engine", engine[1]},
                    new PrintWriter(out, true), new PrintWriter(err, true), started::set);
            try {
                assertThat(code).as(err.toString()).isZero();
                String[] lines = out.toString().split("\\R");
                assertThat(lines[0]).matches("Parley relay listening on wss://127\\.0\\.0\\.1:\\d+ - certificate SHA-256 "
                        + "([0-9A-F]{2}:){31}[0-9A-F]{2}");
                assertThat(lines[1]).contains("network engine " + started.get().engine());
                engines.add(started.get().engine());
            } finally {
                started.get().close();
            }
        }
        assertThat(engines.get(0)).isEqualTo("NIO, JDK TLS");
        if (Epoll.isAvailable() && OpenSsl.isAvailable()) {
            assertThat(engines.get(1)).as("native where it loads").startsWith("epoll, BoringSSL");
        }
    }

    @Test
    void theStartLinesGiveTheWebClientsLinkAndItsQrCodeUnlessTheWebClientIsOff() {
        StringWriter out = new StringWriter();
        AtomicReference<ParleyRelay> started = new AtomicReference<>();
        int code = RelayMain.run(new String[] {"--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-discovery"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), started::set);
        String link;
        try {
            assertThat(code).isZero();
            link = "https://127.0.0.1:" + started.get().port() + "/";
        } finally {
            started.get().close();
        }
        String[] lines = out.toString().split("\\R");
        assertThat(lines[2]).startsWith("Web client: " + link + " - ").contains("SHA-256").endsWith(link + ":");
        List<String> qr = List.of(lines).subList(3, lines.length);
        assertThat(qr).hasSizeGreaterThan(10).allMatch(l -> l.matches("[█▀▄ ]+") && l.length() == qr.get(0).length());
        assertThat(QrCodes.decode(qr)).isEqualTo(link);

        StringWriter quiet = new StringWriter();
        code = RelayMain.run(new String[] {"--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-discovery", "--no-web"}, new PrintWriter(quiet, true), new PrintWriter(new StringWriter(), true),
                started::set);
        started.get().close();
        assertThat(code).isZero();
        assertThat(quiet.toString().split("\\R")).hasSize(2);
    }

    @Test
    void withMetricsAStartLineSaysWhereTheyAreServedAndTheyAre() {
        StringWriter out = new StringWriter();
        AtomicReference<ParleyRelay> started = new AtomicReference<>();
        int code = RelayMain.run(new String[] {"--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-discovery", "--no-web", "--no-warmup", "--metrics", "127.0.0.1:0"}, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), started::set);
        try {
            assertThat(code).isZero();
            int port = started.get().metricsAddress().orElseThrow().getPort();
            String[] lines = out.toString().split("\\R");
            assertThat(lines).hasSize(3);
            assertThat(lines[2]).isEqualTo("Metrics: http://127.0.0.1:" + port + "/metrics and http://127.0.0.1:" + port
                    + "/health - plain HTTP without authentication: keep it on localhost or a management network");
            assertThat(Scrapes.metrics(port)).containsEntry("parley_members", 0.0);
        } finally {
            started.get().close();
        }
    }

    @Test
    void aTakenMetricsPortExitsOneWithOneLineAndLeavesNothingListening() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int relayPort = free.getLocalPort();
            free.close();
            Run r = run("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(relayPort),
                    "--no-discovery", "--metrics", "127.0.0.1:" + taken.getLocalPort());
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("parley-relay: cannot serve metrics on 127.0.0.1:"
                            + taken.getLocalPort() + ": ").containsIgnoringCase("already in use")
                    .doesNotContain("\n").doesNotContain("Exception");
            assertThat(r.out()).doesNotContain("listening");
            try (ServerSocket again = new ServerSocket(relayPort, 1, InetAddress.getByName("127.0.0.1"))) {
                assertThat(again.getLocalPort()).as("the relay's own port was let go").isEqualTo(relayPort);
            }
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedExitsOneWithOneLineThatNamesItWithoutThePassword() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Run r = run("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0", "--no-discovery",
                "--database", "jdbc:postgresql://127.0.0.1:" + closed + "/parley?user=relay&password=s3cret-pw");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("parley-relay: cannot connect to the database 127.0.0.1:" + closed
                + "/parley: ").doesNotContain("\n").doesNotContain("Exception").doesNotContain("s3cret-pw");
        assertThat(r.out()).doesNotContain("listening");
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"auto", "nio"})
    void aTakenPortExitsOneWithOneLineThatSaysSo(String transport) throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Run r = run("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", String.valueOf(taken.getLocalPort()),
                    "--no-discovery", "--transport", transport);
            assertThat(r.code()).isEqualTo(1);
            String err = r.err().strip();
            assertThat(err).startsWith("parley-relay: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .containsIgnoringCase("already in use").doesNotContain("\n").doesNotContain("Exception")
                    .doesNotContain("bind(..)");
            assertThat(r.out()).doesNotContain("listening");
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "--frobnicate",
            "--port abc",
            "--port -1",
            "--port 70000",
            "--port",
            "--max-text-chars 0",
            "--max-clip-bytes 10",
            "--max-clip-millis -5",
            "--retention-days 0",
            "--retention-count -1",
            "--rate-messages 0",
            "--max-buffered-bytes 0",
            "--password=",
            "--keystore /nonexistent/relay.p12 --keystore-password x",
            "--keystore /nonexistent/relay.p12",
            "--name=",
            "--transport kqueue",
            "--tls-engine",
            "--tls-engine rustls",
            "--password-failures 0",
            "--password-window -1",
            "--password-ban 0",
            "--name=0123456789012345678901234567890123456789012345678901234567890123",
            "unexpected-positional",
            "--web-dir /nonexistent/web",
            "--web-dir . --no-web",
            "--metrics",
            "--metrics 9464",
            "--metrics 127.0.0.1",
            "--metrics 127.0.0.1:",
            "--metrics :9464",
            "--metrics 127.0.0.1:70000",
            "--metrics 127.0.0.1:-1",
            "--metrics 127.0.0.1:abc",
            "--metrics 127.0.0.1:9464x",
            "--metrics ::1:9464",
            "--metrics [::1:9464",
            "--metrics []:9464",
            "--metrics http://127.0.0.1:9464",
            "--metrics=127.0.0.1:9464/metrics",
            "--database",
            "--database jdbc:sqlite:messages.db",
            "--database postgresql://127.0.0.1:5432/parley",
            "--database jdbc:postgresql://",
            "--database jdbc:postgresql://127.0.0.1:5432/",
            "--database jdbc:postgresql://127.0.0.1:port/parley"
    })
    void aBadFlagOrValueExitsTwoWithOneLineAndNoStackTrace(String line) {
        // should a bad value be accepted, the relay it starts stays on a free loopback port and a temporary directory
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toString(), "--bind", "127.0.0.1"));
        if (!line.contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        args.addAll(List.of(line.split(" ")));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).isNotEmpty().doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).as("nothing started").doesNotContain("listening");
    }
}
