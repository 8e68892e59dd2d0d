package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Played by" receipts (protocol 3) from a real browser: a clip heard to its end is told to the room, and shows on the
 * sender's card as "Heard by 1 of 1 here"; a clip stopped halfway, or heard with the setting off, is told to nobody.
 */
class ReceiptsBrowserTest {
    private static final int RATE = 16_000;

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void aClipHeardToItsEndInOneBrowserShowsAsHeardInTheSendersBrowser() {
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        ParleyPage bob = web.openPage(web.desktop()).join("bob", "lobby");

        alice.pressTalkWithMouse();
        alice.awaitTalkState("recording");
        alice.browser().await("a second of recording", Duration.ofSeconds(10),
                b -> b.find("#talk-label").getText().equals("0:01"));
        alice.releaseTalkWithMouse();
        ParleyPage.Message own = alice.awaitMessage("alice's clip stored", Duration.ofSeconds(10),
                m -> m.voice() && m.seq() != null && !m.pending());
        long seq = own.seq();
        alice.awaitReceiptLine(seq, "Heard by 0 of 1 here");

        bob.awaitMessage("alice's clip on bob's page", m -> m.voice() && m.seq() != null && m.seq() == seq);
        assertThat(bob.receiptLine(seq).shown()).as("nobody played it yet").isNull();
        bob.clickPlay(seq);
        bob.browser().await("bob heard it to its end", Duration.ofSeconds(15), b -> !bob.messages().stream()
                .filter(m -> m.seq() != null && m.seq() == seq).findFirst().orElseThrow().unplayed());

        ParleyPage.ReceiptLine heard = alice.awaitReceiptLine(seq, "Heard by 1 of 1 here");
        assertThat(heard.title()).as("the names on hover").isEqualTo("Heard by 1 of 1 here: bob");
        assertThat(heard.spoken()).as("what a screen reader reads").isEqualTo("Heard by 1 of 1 here: bob");
        assertThat(bob.receiptLine(seq).shown()).as("bob's own play shows as played, not as a receipt line").isNull();
    }

    @Test
    void aClipHeardToItsEndIsToldToTheRoomAndOthersReceiptsShowOnTheCard() {
        Inbox alice = joinReceipts("alice");
        ParleyPage bob = web.openPage(web.desktop()).join("bob", "lobby");
        Inbox carol = joinReceipts("carol");
        long seq = sendClip(alice, "v-1", 1.5);
        bob.awaitMessage("alice's clip", m -> m.voice() && m.seq() != null && m.seq() == seq);

        carol.client().played(seq);
        bob.awaitReceiptLine(seq, "Played by carol");

        bob.clickPlay(seq);
        ServerMessage.Played receipt = alice.await(ServerMessage.Played.class, p -> p.nick().equals("bob"),
                Duration.ofSeconds(15));
        assertThat(receipt.seq()).isEqualTo(seq);
        assertThat(receipt.replay()).isFalse();
        ParleyPage.Message card = bob.messages().stream().filter(m -> m.seq() != null && m.seq() == seq).findFirst()
                .orElseThrow();
        assertThat(card.state()).as("the receipt went once the clip had ended").isNotEqualTo("playing");
        assertThat(bob.receiptLine(seq).shown()).as("bob's own play is not a name on the card").isEqualTo("Played by carol");
    }

    @Test
    void aClipStoppedHalfwayIsToldToNobody() {
        Inbox alice = joinReceipts("alice");
        ParleyPage bob = web.openPage(web.desktop()).join("bob", "lobby");
        long seq = sendClip(alice, "v-1", 3);
        bob.awaitMessage("alice's clip", m -> m.voice() && m.seq() != null && m.seq() == seq);

        bob.clickPlay(seq);
        bob.browser().await("a second of the clip played", Duration.ofSeconds(10),
                b -> bob.durationText(seq).startsWith("0:01 /"));
        bob.clickPlay(seq);
        bob.browser().await("paused", b -> bob.messages().stream()
                .anyMatch(m -> m.seq() != null && m.seq() == seq && "paused".equals(m.state())));

        // the rest of the clip's time passes; then bob writes, and what he sent before that has reached alice
        assertThat(alice.collectFor(Duration.ofMillis(2_500))).noneMatch(ServerMessage.Played.class::isInstance);
        assertNothingToldBefore(bob, alice, seq);
        assertThat(bob.messages()).filteredOn(m -> m.seq() != null && m.seq() == seq).singleElement()
                .satisfies(m -> assertThat(m.unplayed()).as("not heard to its end: still unplayed").isTrue());
    }

    @Test
    void withTheSettingOffAClipHeardToItsEndIsToldToNobody() {
        Inbox alice = joinReceipts("alice");
        ParleyPage bob = web.openPage(web.desktop()).join("bob", "lobby");
        WebElement setting = bob.browser().find("#receipts");
        assertThat(setting.isSelected()).as("on by default").isTrue();
        assertThat(setting.getAccessibleName()).isEqualTo("Tell others when I’ve played their voice messages");
        bob.click(setting);
        bob.browser().await("the setting off", b -> !b.find("#receipts").isSelected());

        long seq = sendClip(alice, "v-1", 1);
        bob.awaitMessage("alice's clip", m -> m.voice() && m.seq() != null && m.seq() == seq);
        bob.clickPlay(seq);
        bob.browser().await("bob heard it to its end", Duration.ofSeconds(15), b -> !bob.messages().stream()
                .filter(m -> m.seq() != null && m.seq() == seq).findFirst().orElseThrow().unplayed());
        assertNothingToldBefore(bob, alice, seq);

        bob.open();
        assertThat(bob.browser().find("#receipts").isSelected()).as("off is kept on this device").isFalse();
    }

    /** A protocol-3 client in lobby. */
    private Inbox joinReceipts(String nick) {
        TestClient c = web.relay().connect(nick);
        c.joinReceipts(nick, "lobby", null, null);
        return new Inbox(c);
    }

    /** Sends a clip of {@code seconds} from {@code from} and returns its seq. */
    private static long sendClip(Inbox from, String id, double seconds) {
        int samples = (int) (RATE * seconds);
        from.client().voice(id, Wav.write(Arrays.copyOf(SpeechLikeSignal.samples(seconds, 2), samples), RATE, 1));
        return from.await(ReceivedVoice.class, v -> v.header().id().equals(id)).seq();
    }

    /**
     * Bob sends a chat; by the time it reaches alice, every frame bob sent before it has been handled by the relay
     * (one socket, handled in order, stored in order): none of them was a receipt for {@code seq}.
     */
    private static void assertNothingToldBefore(ParleyPage bob, Inbox alice, long seq) {
        bob.sendWithEnter("done listening");
        alice.await(ServerMessage.Chat.class, c -> c.from().equals("bob") && c.text().equals("done listening"));
        assertThat(alice.taken(ServerMessage.Played.class)).as("receipts alice got").noneMatch(p -> p.seq() == seq);
    }
}
