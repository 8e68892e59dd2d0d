package dev.parley.relay.web.browser;

import dev.parley.protocol.Wav;
import dev.parley.relay.testing.ReceivedVoice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Hearing others: a stored clip played by hand to its end, and a live stream heard in walkie-talkie mode. */
class ListenBrowserTest {
    private static final int RATE = 16_000;
    private static final int CHUNK_SAMPLES = 320;

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void aClipFromAnotherMemberPlaysToItsEnd() {
        Inbox bob = web.join("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        setAutoplay(alice, false);
        alice.recordVoiceCards();

        short[] clip = Arrays.copyOf(SpeechLikeSignal.samples(1.5, 2), RATE * 3 / 2);
        bob.client().voice("v-1", Wav.write(clip, RATE, 1));
        ReceivedVoice echo = bob.await(ReceivedVoice.class, v -> v.header().id().equals("v-1"));
        ParleyPage.Message card = alice.awaitMessage("bob's voice card", m -> m.voice() && "v-1".equals(m.id())
                && m.seq() != null && m.seq() == echo.seq());
        assertThat(card.unplayed()).as("the unplayed dot before playing").isTrue();

        WebElement play = alice.messageElement(echo.seq()).findElement(org.openqa.selenium.By.cssSelector("button.play"));
        assertThat(play.getDomAttribute("aria-label")).isEqualTo("Play");
        play.click();
        alice.browser().await("the card plays", b -> alice.cardHistory("bob", "v-1").stream().anyMatch(c -> "playing".equals(c.state())));
        alice.browser().await("the card played to its end: not playing, no unplayed dot", Duration.ofSeconds(10), b -> {
            ParleyPage.Message m = alice.messages().stream().filter(x -> "v-1".equals(x.id())).findFirst().orElseThrow();
            return !"playing".equals(m.state()) && !m.unplayed();
        });

        List<ParleyPage.CardChange> history = alice.cardHistory("bob", "v-1");
        System.out.println("clip card: " + history);
        double started = history.stream().filter(c -> "playing".equals(c.state())).findFirst().orElseThrow().t();
        double stopped = history.stream().filter(c -> c.t() > started && !"playing".equals(c.state())).findFirst().orElseThrow().t();
        assertThat(stopped - started).as("played for about the clip's 1.5 s (ms)").isGreaterThan(1_200);
        ParleyPage.Message after = alice.messages().stream().filter(x -> "v-1".equals(x.id())).findFirst().orElseThrow();
        assertThat(after.state()).as("idle after its end").isEqualTo("idle");
        assertThat(play.getDomAttribute("aria-label")).isEqualTo("Play");
    }

    @Test
    void aLiveStreamFromAJavaSpeakerIsHeardInWalkieTalkieMode() throws Exception {
        Inbox carol = web.joinLive("carol", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        setAutoplay(alice, true);
        alice.recordVoiceCards();

        short[] speech = Arrays.copyOf(SpeechLikeSignal.samples(1.6, 3), RATE * 8 / 5);
        int chunks = speech.length / CHUNK_SAMPLES;
        carol.client().voiceStart("live-1", RATE, 1);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger next = new AtomicInteger();
        try {
            // a speaker's pace: one 20 ms chunk every 20 ms
            ScheduledFuture<?> speaking = clock.scheduleAtFixedRate(() -> {
                int n = next.getAndIncrement();
                if (n < chunks) {
                    carol.client().voiceChunk("live-1", n, SpeechLikeSignal.pcmBytes(speech, n * CHUNK_SAMPLES, CHUNK_SAMPLES));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            alice.awaitMessage("a live card while carol speaks", m -> m.voice() && m.live() && "live-1".equals(m.id()));
            alice.browser().await("carol's stream sent", Duration.ofSeconds(10), b -> next.get() >= chunks);
            speaking.cancel(false);
        } finally {
            clock.shutdownNow();
        }
        carol.client().voiceEnd("live-1");
        ReceivedVoice stored = carol.await(ReceivedVoice.class, v -> v.header().id().equals("live-1"));

        ParleyPage.Message card = alice.awaitMessage("the live card became the stored message, marked played",
                Duration.ofSeconds(10), m -> "live-1".equals(m.id()) && m.seq() != null && m.seq() == stored.seq()
                        && !m.live() && !m.unplayed());
        assertThat(card.voice()).isTrue();
        assertThat(alice.messages()).filteredOn(m -> "live-1".equals(m.id())).as("one card for the stream").hasSize(1);
        List<ParleyPage.CardChange> history = alice.cardHistory("carol", "live-1");
        System.out.println("live card: " + history);
        assertThat(history).as("it was a live card first").anyMatch(ParleyPage.CardChange::live);
        ParleyPage.CardChange storedAt = history.stream().filter(c -> c.seq() != null).findFirst().orElseThrow();
        alice.browser().await("nothing plays after the stream", Duration.ofSeconds(5),
                b -> alice.messages().stream().noneMatch(m -> "playing".equals(m.state())));
        assertThat(alice.cardHistory("carol", "live-1")).as("the stored message is not played again")
                .filteredOn(c -> c.t() > storedAt.t() + 1_000).noneMatch(c -> "playing".equals(c.state()));
    }

    private static void setAutoplay(ParleyPage page, boolean on) {
        WebElement box = page.browser().find("#autoplay");
        if (box.isSelected() != on) {
            page.click(box);
        }
        page.browser().await("#autoplay " + (on ? "on" : "off"), b -> b.find("#autoplay").isSelected() == on);
    }
}
