package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.testing.ReceivedChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

import java.time.Duration;
import java.util.Map;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Holding the talk button: live chunks to a protocol-2 listener, the stored clip, touch, and a refused microphone. */
class TalkBrowserTest {
    /** 20 ms chunks: 1.5 s of them are held before the release. */
    private static final int CHUNKS_HELD = 75;
    private static final int CHUNK_BYTES = 640;

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @Test
    void holdingTheButtonStreamsLiveAndTheStoredClipIsWhatTheMicrophoneHeard() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        alice.pressTalkWithMouse();
        alice.awaitTalkState("recording");
        alice.browser().await("the level meter moves while recording",
                b -> b.<Boolean>js("const m = document.getElementById('level'); return !!m && m.value > 0;"));
        LiveStream stream = LiveStream.hear(bob, "alice", CHUNKS_HELD, alice::releaseTalkWithMouse);
        alice.browser().await("#talk back to idle after the release tail", b -> "idle".equals(alice.talkState()));

        assertThat(stream.start().codec()).isEqualTo(VoiceCodec.PCM16);
        assertThat(stream.start().sampleRate()).isEqualTo(16_000);
        assertThat(stream.start().channels()).isEqualTo(1);
        assertThat(stream.chunks()).extracting(ReceivedChunk::n)
                .as("chunks numbered 0, 1, 2, … with no gap").containsExactlyElementsOf(
                        LongStream.range(0, stream.chunks().size()).boxed().toList());
        assertThat(stream.chunks()).as("20 ms chunks of 16 kHz mono").allSatisfy(c -> assertThat(c.pcm()).hasSize(CHUNK_BYTES));
        assertThat(stream.storedPcm()).as("the stored clip is the streamed PCM").isEqualTo(stream.streamedPcm());

        WavInfo format = stream.storedFormat();
        assertThat(format.sampleRate()).isEqualTo(16_000);
        assertThat(format.channels()).isEqualTo(1);
        assertThat(stream.stored().header().durationMs()).as("held 1.5 s, plus the release tail").isGreaterThanOrEqualTo(1_500);
        PcmMatch.Result match = PcmMatch.compare(web.voice(), SpeechLikeSignal.SAMPLE_RATE, stream.storedSamples(),
                format.sampleRate(), 0.25);
        System.out.printf("browser recording (%d ms, %d chunks) against the microphone's WAV: %s%n",
                stream.stored().header().durationMs(), stream.chunks().size(), match);
        assertThat(match.median()).as(match.toString()).isGreaterThanOrEqualTo(0.9);

        ParleyPage.Message card = alice.awaitMessage("own voice card stored", m -> m.voice()
                && m.seq() != null && m.seq() == stream.stored().seq() && !m.pending());
        assertThat(card.id()).isEqualTo(stream.start().id());
    }

    @Test
    void aPhoneHoldsToTalkWithATouch() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop().onPhone()).join("alice", "lobby");
        Map<String, Object> talk = alice.browser().js("""
                const r = document.getElementById('talk').getBoundingClientRect();
                return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
                        viewportWidth: innerWidth, viewportHeight: innerHeight};""");
        assertThat(((Number) talk.get("width")).doubleValue()).as("a thumb-sized talk button: %s", talk).isGreaterThanOrEqualTo(44);
        assertThat(((Number) talk.get("height")).doubleValue()).as("a thumb-sized talk button: %s", talk).isGreaterThanOrEqualTo(44);
        assertThat(((Number) talk.get("bottom")).doubleValue()).as("on the screen without scrolling: %s", talk)
                .isLessThanOrEqualTo(((Number) talk.get("viewportHeight")).doubleValue());
        assertThat(alice.browser().find("#members-toggle").isDisplayed()).as("members in a drawer on a phone").isTrue();

        Touch finger = new Touch(alice.browser());
        finger.start(alice.browser().find("#talk"));
        alice.awaitTalkState("recording");
        LiveStream stream = LiveStream.hear(bob, "alice", 40, finger::end);

        assertThat(stream.chunks()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(stream.stored().header().durationMs()).isGreaterThanOrEqualTo(800);
        PcmMatch.Result match = PcmMatch.compare(web.voice(), SpeechLikeSignal.SAMPLE_RATE, stream.storedSamples(),
                stream.storedFormat().sampleRate(), 0.25);
        System.out.printf("phone recording (%d ms): %s%n", stream.stored().header().durationMs(), match);
        assertThat(match.median()).as(match.toString()).isGreaterThanOrEqualTo(0.9);
        alice.awaitMessage("own voice card stored", m -> m.voice() && m.seq() != null && m.seq() == stream.stored().seq());
    }

    @Test
    void theSpaceBarHoldsToTalkOnAComputer() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");
        alice.browser().js("document.activeElement && document.activeElement.blur();");

        Actions keyboard = new Actions(alice.browser().driver());
        keyboard.keyDown(Keys.SPACE).perform();
        alice.awaitTalkState("recording");
        LiveStream stream = LiveStream.hear(bob, "alice", 40, () -> new Actions(alice.browser().driver()).keyUp(Keys.SPACE).perform());

        assertThat(stream.stored().header().durationMs()).isGreaterThanOrEqualTo(800);
        assertThat(alice.composerText()).as("the space went to the talk button, not the composer").isEmpty();
    }

    @Test
    void aShortTapIsNotSentAndShowsTheHint() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop()).join("alice", "lobby");

        new Actions(alice.browser().driver()).moveToElement(alice.browser().find("#talk")).clickAndHold().release().perform();
        String hint = alice.browser().await("#talk-hint after a short tap",
                b -> { String t = b.find("#talk-hint").getText(); return t.isBlank() ? null : t; });
        System.out.println("#talk-hint after a short tap: " + hint);
        alice.awaitTalkState("idle");

        java.util.List<Object> heard = bob.collectFor(Duration.ofMillis(1_500));
        assertThat(heard).as("nothing stored").noneMatch(o -> o instanceof dev.parley.relay.testing.ReceivedVoice);
        heard.stream().filter(o -> o instanceof ServerMessage.VoiceStart).map(o -> ((ServerMessage.VoiceStart) o).id())
                .forEach(id -> assertThat(heard).as("a stream opened for the tap is cancelled")
                        .anyMatch(o -> o instanceof ServerMessage.VoiceAbort a && a.id().equals(id)
                                && a.reason() == dev.parley.protocol.AbortReason.CANCELLED));
        assertThat(alice.messages()).as("no voice card for a tap").noneMatch(ParleyPage.Message::voice);
    }

    @Test
    void slidingOffTheButtonCancelsOnAPhone() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop().onPhone()).join("alice", "lobby");

        Touch finger = new Touch(alice.browser());
        finger.start(alice.browser().find("#talk"));
        alice.awaitTalkState("recording");
        ServerMessage.VoiceStart start = bob.await(ServerMessage.VoiceStart.class, s -> s.from().equals("alice"));
        int[] seen = {0};
        bob.await(ReceivedChunk.class, c -> c.header().id().equals(start.id()) && ++seen[0] >= 25);
        finger.moveTo(10, 10);
        finger.end();

        ServerMessage.VoiceAbort abort = bob.await(ServerMessage.VoiceAbort.class, a -> a.id().equals(start.id()));
        assertThat(abort.reason()).isEqualTo(dev.parley.protocol.AbortReason.CANCELLED);
        assertThat(bob.collectFor(Duration.ofMillis(1_000))).as("nothing stored")
                .noneMatch(o -> o instanceof dev.parley.relay.testing.ReceivedVoice);
        alice.awaitTalkState("idle");
        assertThat(alice.messages()).as("no voice card for a cancelled recording").noneMatch(ParleyPage.Message::voice);
    }

    @Test
    void withTheMicrophoneDeniedTextStillWorksAndTheTalkButtonSaysWhy() {
        Inbox bob = web.joinLive("bob", "lobby");
        ParleyPage alice = web.openPage(web.desktop().microphoneDenied()).join("alice", "lobby");

        alice.sendWithEnter("no microphone here");
        assertThat(bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice")).text()).isEqualTo("no microphone here");
        bob.client().chat("b-1", "text still works");
        alice.awaitMessage("bob's message", m -> "b-1".equals(m.id()));

        if (!"unavailable".equals(alice.talkState())) {
            alice.pressTalkWithMouse();
            alice.releaseTalkWithMouse();
        }
        alice.awaitTalkState("unavailable");
        String reason = alice.browser().find("#talk-reason").getText();
        System.out.println("#talk-reason with the microphone denied: " + reason);
        assertThat(reason).as("#talk-reason says why").isNotBlank();
        assertThat(bob.collectFor(Duration.ofMillis(500))).noneMatch(o -> o instanceof ServerMessage.VoiceStart);

        alice.sendWithEnter("still typing");
        assertThat(bob.await(ServerMessage.Chat.class, c -> c.from().equals("alice")).text()).isEqualTo("still typing");
    }
}
