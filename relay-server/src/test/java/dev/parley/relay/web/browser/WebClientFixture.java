package dev.parley.relay.web.browser;

import dev.parley.protocol.ServerMessage;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.WebClient;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each test's world: a real relay over TLS on 127.0.0.1 (an OS-chosen port, its own data folder) that serves the web
 * client, the voice the fake microphones speak, and the browsers the test opened. When a test fails, every browser's
 * screenshot, HTML and log go to {@code target/browser-tests/<class>/<test>/} and the log's end is printed. All is
 * closed after the test.
 *
 * <p>The web client is the one built into the relay; {@code -Dparley.test.webDir=FOLDER} serves a folder instead
 * (the page being written in another work tree).
 */
public final class WebClientFixture implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
    /** The system property naming a folder to serve the web client from instead of the built-in files. */
    public static final String WEB_DIR_PROPERTY = "parley.test.webDir";
    /** Seconds of synthetic voice in the fake microphone's file (it loops). */
    private static final double VOICE_SECONDS = 6;

    private final List<Browser> browsers = new ArrayList<>();
    private Path dir;
    private TestRelay relay;
    private short[] voice;
    private Path voiceWav;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("parley-web-");
        voice = SpeechLikeSignal.samples(VOICE_SECONDS, 1);
        voiceWav = SpeechLikeSignal.writeWav(dir.resolve("voice.wav"), voice);
        relay = TestRelay.start(dir.resolve("relay"), WebClientFixture::servingTheWebClient);
    }

    /** The relay config with the web client on, from {@link #WEB_DIR_PROPERTY} when it is set. */
    static RelayConfig servingTheWebClient(RelayConfig config) {
        String folder = System.getProperty(WEB_DIR_PROPERTY);
        if (folder == null || folder.isBlank()) {
            return config;
        }
        return config.withWeb(WebClient.fromFolder(Path.of(folder)));
    }

    public TestRelay relay() {
        return relay;
    }

    /** The link a person opens: https on the relay's own port. */
    public URI link() {
        return URI.create("https://127.0.0.1:" + relay.port() + "/");
    }

    /** The samples the fake microphone plays (mono, {@link SpeechLikeSignal#SAMPLE_RATE}), looped. */
    public short[] voice() {
        return voice.clone();
    }

    /** A desktop browser in English whose microphone speaks {@link #voice()}. */
    public BrowserOptions desktop() {
        return BrowserOptions.desktop(voiceWav);
    }

    public Browser browser(BrowserOptions options) {
        Browser b = Browser.start(options);
        browsers.add(b);
        return b;
    }

    /** A new browser showing the web client's join screen. */
    public ParleyPage openPage(BrowserOptions options) {
        return new ParleyPage(browser(options), link()).open();
    }

    /** A protocol client of version 2 (live voice) joined to {@code room}. */
    public Inbox joinLive(String nick, String room) {
        TestClient c = relay.connect(nick);
        c.joinLive(nick, room);
        return new Inbox(c);
    }

    /** A protocol client of version 1 joined to {@code room}. */
    public Inbox join(String nick, String room) {
        return new Inbox(relay.join(nick, room));
    }

    /**
     * A recording whose stream {@code start} was cut off reaches {@code listener} whole, with the stream's id, as the
     * microphone heard it (median correlation at least 0.9), stored once and shown on {@code page} as one stored
     * card; returns it. {@code what} says in the output how it got there.
     */
    public ReceivedVoice awaitRecordingResentWhole(Inbox listener, ParleyPage page, ServerMessage.VoiceStart start,
                                                   String what) {
        ReceivedVoice whole = listener.await(ReceivedVoice.class, v -> v.header().from().equals(start.from()),
                Duration.ofSeconds(20));
        assertThat(whole.header().id()).as("sent whole with the stream's id").isEqualTo(start.id());
        assertThat(whole.header().durationMs()).as("the whole recording, not only what was streamed")
                .isGreaterThanOrEqualTo(500);
        LiveStream asStored = new LiveStream(start, List.of(), whole);
        PcmMatch.Result match = PcmMatch.compare(voice(), SpeechLikeSignal.SAMPLE_RATE, asStored.storedSamples(),
                asStored.storedFormat().sampleRate(), 0.25);
        System.out.printf("%s (%d ms): %s%n", what, whole.header().durationMs(), match);
        assertThat(match.median()).as(match.toString()).isGreaterThanOrEqualTo(0.9);

        assertThat(listener.collectFor(Duration.ofSeconds(2))).as("stored once")
                .noneMatch(o -> o instanceof ReceivedVoice v && v.header().from().equals(start.from()));
        page.awaitMessage("the card stored", m -> m.voice() && start.id().equals(m.id()) && m.seq() != null
                && m.seq() == whole.seq() && !m.pending());
        assertThat(page.messages()).filteredOn(m -> start.id().equals(m.id())).as("one card").hasSize(1);
        return whole;
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            return;
        }
        Path out = Path.of("target", "browser-tests", context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName());
        for (int i = 0; i < browsers.size(); i++) {
            Browser b = browsers.get(i);
            try {
                b.dump(out, "browser-" + (i + 1));
            } catch (IOException | RuntimeException e) {
                System.out.println("could not save browser " + (i + 1) + "'s state: " + e);
            }
            List<String> log = b.log();
            System.out.println("browser " + (i + 1) + " (" + out.toAbsolutePath() + "), last of its log:\n  "
                    + String.join("\n  ", log.subList(Math.max(0, log.size() - 40), log.size())));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            for (Browser b : browsers) {
                b.close();
            }
        } finally {
            browsers.clear();
            if (relay != null) {
                relay.close();
            }
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
