package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.ReceivedChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The relay goes away and comes back: the page reconnects by itself and loses nothing, twice nothing. */
class ReconnectBrowserTest {
    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void afterARelayRestartThePageReconnectsAndAMessageTypedMeanwhileArrivesOnce() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        alice.sendWithEnter("before the restart");
        ServerMessage.Chat before = bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice"));
        alice.awaitMessage("first message stored", m -> m.seq() != null && m.seq() == before.seq());

        web.relay().closeRelay();
        alice.browser().await("the page notices the relay is gone (#status not joined)", b -> {
            String s = alice.status();
            return "reconnecting".equals(s) || "connecting".equals(s) || "disconnected".equals(s);
        });
        alice.sendWithEnter("typed while the relay was down");
        ParleyPage.Message pending = alice.awaitMessage("the message shown as pending",
                m -> "typed while the relay was down".equals(m.text()));
        assertThat(pending.pending()).as("pending until stored").isTrue();

        long restartedAt = System.nanoTime();
        web.relay().restart();
        Inbox bobAgain = new Inbox(web.relay().connect("bob"));
        bobAgain.client().join("bob", "lobby", before.seq());
        alice.awaitStatus("joined", Duration.ofSeconds(20));
        System.out.printf("page rejoined %d ms after the relay came back%n", (System.nanoTime() - restartedAt) / 1_000_000);

        ServerMessage.Chat resent = bobAgain.await(ServerMessage.Chat.class,
                c -> c.from().equals("alice") && c.text().equals("typed while the relay was down"), Duration.ofSeconds(20));
        ParleyPage.Message stored = alice.awaitMessage("the message stored (data-seq, not pending)",
                m -> m.seq() != null && m.seq() == resent.seq() && !m.pending());
        assertThat(stored.id()).isEqualTo(resent.id());

        List<Object> later = bobAgain.collectFor(Duration.ofSeconds(2));
        assertThat(later).as("arrived once").noneMatch(o -> o instanceof ServerMessage.Chat c && c.from().equals("alice"));
        assertThat(bobAgain.taken(ServerMessage.Chat.class)).filteredOn(c -> c.from().equals("alice")).hasSize(1);
        assertThat(alice.messages()).filteredOn(m -> "typed while the relay was down".equals(m.text())).as("shown once").hasSize(1);
        assertThat(alice.messages()).filteredOn(m -> "before the restart".equals(m.text())).as("nothing shown twice").hasSize(1);

        bobAgain.client().chat("b-after", "welcome back");
        alice.awaitMessage("bob's message after the restart", m -> "b-after".equals(m.id()));
    }

    @Test
    void aRecordingCutByTheRelayGoingAwayIsSentWholeOnceAfterTheReconnect() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        alice.pressTalkWithMouse();
        ServerMessage.VoiceStart start = bob.await(ServerMessage.VoiceStart.class, s -> s.from().equals("alice"));
        int[] seen = {0};
        bob.await(ReceivedChunk.class, c -> c.header().id().equals(start.id()) && ++seen[0] >= 25);
        web.relay().closeRelay();
        alice.browser().await("the page notices the relay is gone", b -> !"joined".equals(alice.status()));
        alice.releaseTalkWithMouse();
        alice.browser().await("#talk idle after the release", b -> "idle".equals(alice.talkState()));

        web.relay().restart();
        Inbox bobAgain = new Inbox(web.relay().connect("bob"));
        bobAgain.client().join("bob", "lobby", 0L);
        alice.awaitStatus("joined", Duration.ofSeconds(20));
        web.awaitRecordingResentWhole(bobAgain, alice, start, "recording resent whole after the drop");
    }
}
