package dev.parley.relay;

import dev.parley.protocol.Protocol;
import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.testing.NetworkNamespace;
import dev.parley.relay.testing.ServiceBrowser;
import dev.parley.relay.testing.ServiceBrowser.Seen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay as people run it ({@code RelayMain}, default bind 0.0.0.0) on a second "computer": a child process in
 * another network namespace, joined to this one by a veth pair. The browser here finds it on its LAN address with
 * the fingerprint its first line printed, sees it leave when it is stopped (SIGTERM, as Ctrl-C), and never sees a
 * relay started with {@code --no-discovery}. (JmDNS drops a service that said goodbye at its next cache sweep, every
 * 10 s, so "gone" takes up to about 12 s.)
 */
class DiscoveryNamespaceIntegrationTest {
    private static NetworkNamespace lan;
    @TempDir
    Path dir;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> children = new ArrayList<>();

    private static final Pattern FIRST_LINE = Pattern.compile(
            "Parley relay listening on wss://([0-9.]+):(\\d+) - certificate SHA-256 ([0-9A-F:]{95})");

    private record Child(Process process, int port, String host, String fingerprint) {
    }

    @BeforeAll
    static void secondComputer() {
        lan = NetworkNamespace.create();
    }

    @AfterAll
    static void removeIt() {
        if (lan != null) {
            lan.close();
        }
    }

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A relay started in the other namespace, its first stdout line still to come. */
    private record Started(Process process, BlockingQueue<String> lines, Path log) {
    }

    private Started launch(String label, String... flags) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.parley.relay.cli.RelayMain", "--port", "0", "--data", dir.resolve(label).toString()));
        command.addAll(List.of(flags));
        ProcessBuilder pb = new ProcessBuilder(lan.command(command));
        Path log = dir.resolve(label + ".log");
        pb.redirectError(log.toFile());
        Process p = pb.start();
        children.add(p);
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(stdout failed: " + e + ")");
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
        return new Started(p, lines, log);
    }

    /** Waits for the first line, which must be exactly what it was before discovery existed. */
    private static Child listening(Started started) throws IOException, InterruptedException {
        String first = started.lines().poll(30, TimeUnit.SECONDS);
        assertThat(first).as("first stdout line (stderr: %s)",
                Files.exists(started.log()) ? Files.readString(started.log()) : "").isNotNull();
        Matcher m = FIRST_LINE.matcher(first);
        assertThat(m.matches()).as("first line, unchanged: " + first).isTrue();
        return new Child(started.process(), Integer.parseInt(m.group(2)), m.group(1), m.group(3));
    }

    @Test
    void aRelayOnTheLanIsFoundWithItsNameAndFingerprintAndLeavesWhenStopped() throws Exception {
        String name = "Studio relay " + id;
        try (ServiceBrowser browser = ServiceBrowser.on(lan.here())) {
            Started quietStarted = launch("quiet", "--no-discovery", "--name", "quiet " + id);
            Started relayStarted = launch("relay", "--name", name);
            Child quiet = listening(quietStarted);
            Child relay = listening(relayStarted);
            assertThat(relay.host()).as("bound to 0.0.0.0, it prints its LAN address").isEqualTo(lan.inside().getHostAddress());

            Seen seen = browser.await(ServiceBrowser.named(name));
            assertThat(seen.addresses()).containsExactly(lan.inside().getHostAddress());
            assertThat(seen.port()).isEqualTo(relay.port());
            assertThat(seen.txt(Announcement.KEY_PROTOCOL)).isEqualTo(Integer.toString(Protocol.VERSION));
            assertThat(seen.txt(Announcement.KEY_FINGERPRINT)).isEqualTo(relay.fingerprint());
            assertThat(seen.txt(Announcement.KEY_PEOPLE)).isEqualTo("0");
            // the quiet relay started first: had it announced, it would be seen by now
            assertThat(browser.ever()).noneMatch(ServiceBrowser.named("quiet " + id))
                    .noneMatch(s -> s.port() == quiet.port());

            relay.process().destroy(); // SIGTERM, as Ctrl-C: the shutdown hook closes the relay, which says goodbye
            assertThat(relay.process().waitFor(20, TimeUnit.SECONDS)).isTrue();
            browser.awaitGone(ServiceBrowser.named(name));
        }
    }
}
