package dev.parley.client.chat;

import dev.parley.client.net.KnownHosts;
import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real window with two relays of one cluster: when the relay the person chose goes, the app carries on from the
 * other one its welcome listed and the status line says which relay it is on; and when the same person joins from
 * somewhere else, this window stops and says so in plain words.
 */
class FailoverJourneyTest {
    @TempDir
    Path dir;

    @Test
    void theAppMovesToTheOtherListedRelayAndTheStatusLineSaysWhichWithoutTrustingItForGood() throws Exception {
        TestRelay two = new TestRelay(dir.resolve("two"));
        AtomicReference<TestRelay> self = new AtomicReference<>();
        TestRelay one = TestRelay.listing(dir.resolve("one"), fingerprint -> () -> {
            List<dev.parley.protocol.RelayAddress> list = new ArrayList<>();
            list.add(self.get().listed());
            list.add(two.listed());
            return list;
        });
        self.set(one);
        Path settings = dir.resolve("settings");
        try (AppHarness app = AppHarness.launch(AppHarness.joining(one, "alice", one.fingerprint(), settings),
                s -> new NoVoiceIo("no sound"))) {
            app.awaitJoined();
            assertThat(app.text("#statusLine")).isEqualTo("Connected to " + one.address() + " as alice");
            app.robot.clickOn("#composer").write("before the move").type(KeyCode.ENTER);
            await().atMost(AppHarness.WAIT).until(() -> app.app().session().connection().outboxSize() == 0);

            one.stop();
            app.awaitText("#statusLine", "Connected to " + two.address());
            assertThat(app.text("#statusLine")).isEqualTo("Connected to " + two.address() + " as alice (another relay"
                    + " of the cluster: " + one.address() + " cannot be reached)");
            app.robot.clickOn("#composer").write("after the move").type(KeyCode.ENTER);
            ProtocolClient bob = ProtocolClient.join(two.address().uri(), two.relay().certificate(), "bob", "lobby");
            try {
                bob.await(ServerMessage.Chat.class, c -> c.text().equals("after the move") && c.from().equals("alice"));
            } finally {
                bob.close();
            }
            assertThat(AppHarness.fx(() -> ((ListView<?>) app.node("#timeline")).getItems().size())).isEqualTo(2);
            assertThat(new KnownHosts(settings).entries()).as("relay two's vouched certificate is not kept as the"
                    + " person's").doesNotContainKey(two.address().key());
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void whenTheSamePersonJoinsFromElsewhereThisWindowStopsAndSaysSo() throws Exception {
        TestRelay relay = new TestRelay(dir.resolve("relay"));
        try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(),
                dir.resolve("settings")), s -> new NoVoiceIo("no sound"))) {
            app.awaitJoined();
            String session = app.app().session().connection().session();

            ProtocolClient elsewhere = ProtocolClient.resuming(relay.address().uri(), relay.relay().certificate(),
                    "alice", "lobby", session);
            try {
                app.awaitText("#statusLine", "Disconnected");
                assertThat(app.text("#statusLine")).isEqualTo("Disconnected: you joined this room as “alice” from"
                        + " somewhere else (another window or computer), so this one stopped. Join again to continue"
                        + " here.");
                assertThat(AppHarness.fx(() -> app.node("#retryButton").isVisible())).isFalse();
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                        .until(() -> app.text("#statusLine").startsWith("Disconnected"));
            } finally {
                elsewhere.close();
            }
        } finally {
            relay.close();
        }
    }
}
