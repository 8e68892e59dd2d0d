package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Played by" receipts (protocol 3) from a real browser: a clip heard to its end is told to the room, and shows on the
 * sender's card as "Heard by 1 of 1 here"; a clip stopped halfway, or heard with the setting off, is told to nobody.
 * And a room full of receipts at a phone's width (390 × 844), light and dark, with screenshots in
 * {@code target/screenshots/} for people to look at.
 */
class ReceiptsBrowserTest {
    private static final int RATE = 16_000;
    /** A long Chinese name (24 letters; nicks may have 32). */
    /** The screen of the screenshots: a phone of today in CSS pixels. */
    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;
    private static final String LONG_NAME = "欧阳诸葛司马上官慕容长孙宇文令狐皇甫尉迟公羊澹台";

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void aClipHeardToItsEndInOneBrowserShowsAsHeardInTheSendersBrowser() {
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        ParleyPage bob = web.openPage(web.desktop()).join("bob", "lobby");

        alice.pressTalkWithMouse();
        alice.awaitTalkState("recording");
        alice.browser().await("a second of recording", Duration.ofSeconds(30),
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"light, en-US", "dark, en-US", "dark, zh-CN"})
    void aRoomFullOfReceiptsFitsAPhone(String theme, String language) throws IOException {
        Browser browser = web.browser(web.desktop().onPhone().inLanguage(language));
        browser.cdp("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
        Inbox bob = joinReceipts("bob");
        Inbox longName = joinReceipts(LONG_NAME);
        Inbox carol = joinReceipts("carol");
        Inbox dave = joinReceipts("dave");
        Inbox erin = joinReceipts("erin");
        ParleyPage alice = new ParleyPage(browser, web.link()).open("room=lobby");
        browser.cdp("Emulation.setDeviceMetricsOverride", Map.of("width", PHONE_WIDTH, "height", PHONE_HEIGHT,
                "deviceScaleFactor", 2, "mobile", true));
        browser.await("a " + PHONE_WIDTH + " × " + PHONE_HEIGHT + " screen", b -> b.<Boolean>js(
                "return innerWidth === arguments[0] && innerHeight === arguments[1];", PHONE_WIDTH, PHONE_HEIGHT));
        alice.join("alice", "lobby");

        // more than a screen of messages: the timeline scrolls, and no bubble may be squeezed to fit
        carol.client().chat("c-1", "Morning! Dock 2 has the pallets from yesterday.");
        dave.client().chat("d-1", "I'll take them after the break.");
        erin.client().chat("e-1", "The scanner in aisle 4 is charging.");
        longName.client().chat("l-1", "我十分钟后到仓库。");
        carol.client().chat("c-2", "Thanks, all.");
        bob.client().chat("b-1", "Forklift 3 is free, who needs it?");
        long bobs = sendClip(bob, "v-1", 2.4);
        for (Inbox player : List.of(longName, carol, dave, erin)) {
            played(player, bobs);
        }
        long carols = sendClip(carol, "v-2", 1.2);
        played(longName, carols);

        Touch finger = new Touch(browser);
        finger.start(browser.find("#talk"));
        alice.awaitTalkState("recording");
        browser.await("a second of recording", Duration.ofSeconds(30), b -> b.find("#talk-label").getText().equals("0:01"));
        finger.end();
        long own = alice.awaitMessage("alice's clip stored", Duration.ofSeconds(10),
                m -> m.voice() && m.seq() != null && "alice".equals(m.from()) && !m.pending()).seq();
        played(bob, own);
        played(longName, own);

        boolean english = language.startsWith("en");
        ParleyPage.ReceiptLine ofBobs = alice.awaitReceiptLine(bobs, english
                ? "Played by " + LONG_NAME + ", carol and 2 more" : LONG_NAME + "、carol 和另外 2 人 已播放");
        assertThat(ofBobs.spoken()).isEqualTo(english ? "Played by " + LONG_NAME + ", carol, dave, erin"
                : LONG_NAME + "、carol、dave、erin 已播放");
        alice.awaitReceiptLine(carols, english ? "Played by " + LONG_NAME : LONG_NAME + " 已播放");
        ParleyPage.ReceiptLine ofOwn = alice.awaitReceiptLine(own, english ? "Heard by 2 of 5 here" : "这里 5 人中有 2 人已听");
        assertThat(ofOwn.title()).isEqualTo(english ? "Heard by 2 of 5 here: bob, " + LONG_NAME
                : "这里 5 人中有 2 人已听：bob、" + LONG_NAME);
        browser.await("the unplayed dots drawn", b -> alice.messages().stream().filter(m -> m.seq() != null
                && m.seq() == bobs).findFirst().orElseThrow().unplayed());
        alice.browser().js("document.getElementById('timeline').scrollTop = 1e6;");
        String name = "receipts-phone-" + theme + "-" + language;
        LayoutBrowserTest.checkLayout(browser, name);
        LayoutBrowserTest.screenshot(browser, name);

        alice.messageElement(own).findElement(By.cssSelector("p.receipts button")).click();
        alice.messageElement(bobs).findElement(By.cssSelector("p.receipts button")).click();
        browser.await("every name shown", b -> alice.messageElement(own)
                .findElement(By.cssSelector("p.receipts .full")).getText().contains(LONG_NAME));
        alice.browser().js("document.getElementById('timeline').scrollTop = 1e6;");
        LayoutBrowserTest.checkLayout(browser, name + " expanded");
        LayoutBrowserTest.screenshot(browser, name + "-expanded");

        browser.find("#members-toggle").click();
        browser.await("the members drawer with the setting", b -> b.find("#receipts").isDisplayed());
        LayoutBrowserTest.checkLayout(browser, name + " members");
        LayoutBrowserTest.screenshot(browser, name + "-members");
    }

    /** A protocol-3 client in lobby. */
    private Inbox joinReceipts(String nick) {
        TestClient c = web.relay().connect(nick);
        c.joinReceipts(nick, "lobby", null, null);
        return new Inbox(c);
    }

    /** {@code player} says it played {@code seq}, and the relay has stored that (so receipts are stored in this order). */
    private static void played(Inbox player, long seq) {
        String nick = player.client().label();
        player.client().played(seq);
        player.await(ServerMessage.Played.class, p -> p.seq() == seq && p.nick().equals(nick));
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
