package dev.parley.relay;

import dev.parley.protocol.Protocol;
import dev.parley.relay.discovery.Announcement;
import dev.parley.relay.testing.NetworkNamespace;
import dev.parley.relay.testing.RelayProcess;
import dev.parley.relay.testing.ServiceBrowser;
import dev.parley.relay.testing.ServiceBrowser.Seen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
    private final List<RelayProcess> children = new ArrayList<>();

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
    void stopChildren() {
        children.forEach(RelayProcess::close);
    }

    /** A relay started in the other namespace, its first stdout line still to come. */
    private RelayProcess launch(String label, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--data", dir.resolve(label).toString()));
        args.addAll(List.of(flags));
        RelayProcess relay = RelayProcess.launch(label, lan.command(RelayProcess.javaCommand(List.of(), args)),
                dir.resolve(label + ".log"));
        children.add(relay);
        return relay;
    }

    @Test
    void aRelayOnTheLanIsFoundWithItsNameAndFingerprintAndLeavesWhenStopped() throws Exception {
        String name = "Studio relay " + id;
        try (ServiceBrowser browser = ServiceBrowser.on(lan.here())) {
            RelayProcess quiet = launch("quiet", "--no-discovery", "--name", "quiet " + id);
            RelayProcess relay = launch("relay", "--name", name);
            // the first line, which must be exactly what it was before discovery existed
            quiet.awaitStart(Duration.ofSeconds(30));
            relay.awaitStart(Duration.ofSeconds(30));
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

            // SIGTERM, as Ctrl-C: the shutdown hook closes the relay, which says goodbye
            relay.stop(Duration.ofSeconds(20));
            browser.awaitGone(ServiceBrowser.named(name));
        }
    }
}
