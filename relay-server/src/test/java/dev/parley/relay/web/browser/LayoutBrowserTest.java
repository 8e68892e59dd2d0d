package dev.parley.relay.web.browser;

import dev.parley.protocol.Wav;
import dev.parley.protocol.TypingState;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page at a phone's and a computer's width, light and dark, English and Chinese: nothing wider than the screen,
 * no message bubble cutting its content off, the talk button on it, and every visible control with an accessible
 * name. Screenshots of the join screen and of a room with chat, a voice card, a live card and someone typing go to
 * {@code target/screenshots/} for people to look at.
 */
class LayoutBrowserTest {
    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "phone,   light, en-US",
            "phone,   dark,  zh-CN",
            "desktop, dark,  en-US",
            "desktop, light, zh-CN"})
    void fitsTheScreenAndNamesEveryControl(String screen, String theme, String language) throws IOException {
        BrowserOptions options = web.desktop().inLanguage(language);
        Browser browser = web.browser("phone".equals(screen) ? options.onPhone() : options);
        browser.cdp("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", theme))));
        ParleyPage alice = new ParleyPage(browser, web.link()).open("room=lobby");
        String name = screen + "-" + theme + "-" + language;
        checkLayout(browser, "join screen " + name);
        screenshot(browser, name + "-join");

        Inbox bob = web.joinLive("bob", "lobby");
        alice.join("alice", "lobby");
        bob.client().chat("b-1", "Forklift 3 is free, who needs it? https://example.com/rota");
        alice.sendWithButton("On my way, two minutes.");
        bob.client().voice("v-1", Wav.write(Arrays.copyOf(SpeechLikeSignal.samples(2.4, 4), 38_400), 16_000, 1));
        alice.awaitMessage("the voice card", m -> "v-1".equals(m.id()) && m.seq() != null);
        // after the clip is stored: the relay's "idle" for a stored message can overtake a later state
        bob.client().typing(TypingState.TYPING);
        Inbox carol = web.joinLive("carol", "lobby");
        carol.client().voiceStart("live-1", 16_000, 1);
        short[] speech = SpeechLikeSignal.samples(1, 5);
        ScheduledExecutorService speaker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong n = new AtomicLong();
        try {
            // carol keeps talking (a 20 ms chunk every 20 ms) until the screenshot is taken
            speaker.scheduleAtFixedRate(() -> {
                long i = n.getAndIncrement();
                int from = (int) (i % 50) * 320;
                carol.client().voiceChunk("live-1", i, SpeechLikeSignal.pcmBytes(speech, from, 320));
            }, 0, 20, TimeUnit.MILLISECONDS);
            alice.awaitMessage("the live card", m -> "live-1".equals(m.id()) && m.live());
            browser.await("bob typing shown", b -> b.find("#typing").getText().contains("bob"));
            checkLayout(browser, "room " + name);
            screenshot(browser, name + "-room");
        } finally {
            speaker.shutdownNow();
        }
    }

    static void checkLayout(Browser browser, String what) {
        Map<String, Object> size = browser.js("""
                return {scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth};""");
        assertThat(((Number) size.get("scrollWidth")).intValue()).as("%s: nothing wider than the screen %s", what, size)
                .isLessThanOrEqualTo(((Number) size.get("innerWidth")).intValue());
        List<String> cut = browser.js("""
                return [...document.querySelectorAll('#timeline article.msg')]
                    .filter(a => a.scrollHeight > a.clientHeight + 1)
                    .map(a => `${a.dataset.id}: ${a.clientHeight} px of ${a.scrollHeight}`);""");
        assertThat(cut).as("%s: message bubbles that cut off their content", what).isEmpty();
        List<String> unnamed = new ArrayList<>();
        for (WebElement control : browser.findAll("button, input, textarea, select, a[href], [role=button], meter")) {
            if (control.isDisplayed() && control.getAccessibleName().isBlank()) {
                unnamed.add(control.getDomProperty("outerHTML"));
            }
        }
        assertThat(unnamed).as("%s: visible controls without an accessible name", what).isEmpty();
        if (!browser.findAll("#main-screen:not([hidden]) #talk").isEmpty()) {
            Map<String, Object> talk = browser.js("""
                    const r = document.getElementById('talk').getBoundingClientRect();
                    return {top: r.top, bottom: r.bottom, height: innerHeight};""");
            assertThat(((Number) talk.get("bottom")).doubleValue()).as("%s: the talk button on the screen %s", what, talk)
                    .isLessThanOrEqualTo(((Number) talk.get("height")).doubleValue());
        }
    }

    static void screenshot(Browser browser, String name) throws IOException {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), browser.driver().getScreenshotAs(OutputType.BYTES));
    }
}
