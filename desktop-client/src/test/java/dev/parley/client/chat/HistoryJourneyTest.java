package dev.parley.client.chat;

import dev.parley.client.sound.NoVoiceIo;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.ServerMessage;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Joining shows the newest 50; scrolling to the top loads older ones with history. */
class HistoryJourneyTest {
    @TempDir
    Path dir;

    @Test
    void scrollingToTheTopLoadsOlderMessages() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"))) {
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby");
            for (int i = 1; i <= 80; i++) {
                bob.chat("b" + i, "message " + i);
            }
            bob.await(ServerMessage.Chat.class, c -> c.seq() == 80);
            try (AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                    s -> new NoVoiceIo("x"))) {
                app.awaitJoined();
                @SuppressWarnings("unchecked")
                ListView<TimelineItem> timeline = (ListView<TimelineItem>) app.node("#timeline");
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> timeline.getItems().size()) == 50);
                assertThat(AppHarness.fx(() -> timeline.getItems().get(0).seq())).isEqualTo(31);
                AppHarness.onFx(() -> timeline.scrollTo(0));
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> timeline.getItems().size()) == 80);
                assertThat(AppHarness.fx(() -> timeline.getItems().stream().map(TimelineItem::seq).toList()))
                        .isSorted().doesNotHaveDuplicates().startsWith(1L, 2L);
                assertThat(AppHarness.fx(() -> app.app().session().model().historyExhaustedProperty().get())).isTrue();
            } finally {
                bob.close();
            }
        }
    }
}
