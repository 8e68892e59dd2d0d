package dev.parley.client.web;

import dev.parley.client.net.Backoff;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.LiveVoiceEvents;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.net.RelayConnection;
import dev.parley.client.testing.RecordingEvents;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.web.browser.ParleyPage;
import dev.parley.relay.web.browser.PcmMatch;
import dev.parley.relay.web.browser.SpeechLikeSignal;
import dev.parley.relay.web.browser.WebClientFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web client (headless Chromium, the page the relay serves) and the desktop app's own connection class
 * ({@link RelayConnection}, protocol 2) in one room of a real relay over TLS on 127.0.0.1: chat both ways with a
 * three-line message and Chinese names, a clip recorded in the browser that reaches the app live and then stored as
 * what the microphone heard, and a live stream from the app heard live by the page in walkie-talkie mode.
 */
class WebAndAppBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int RATE = 16_000;
    private static final int CHUNK_SAMPLES = 320; // 20 ms
    /** Chunks the app hears live before the page lets go: 1.5 s. */
    private static final int CHUNKS_HELD = 75;
    private static final String APP_NICK = "王小明";
    private static final String PAGE_NICK = "李华";

    @RegisterExtension
    final WebClientFixture web = new WebClientFixture();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingEvents appEvents = new RecordingEvents();
    private final HeardLive appHeard = new HeardLive();
    private RelayConnection app;

    @AfterEach
    void leave() {
        if (app != null) {
            app.close();
        }
        scheduler.shutdownNow();
    }

    /** The app's connection to the fixture's relay, pinned to its certificate, joined with protocol 2. */
    private RelayConnection joinApp() {
        RelayAddress address = new RelayAddress("127.0.0.1", web.relay().port());
        app = new RelayConnection(new JoinRequest(address, APP_NICK, "lobby", null, web.relay().relay().fingerprint()),
                appEvents, appHeard, scheduler, new Backoff(new Random(1)), Clock.systemUTC());
        app.connect();
        await().atMost(WAIT).until(app::liveVoiceAvailable);
        return app;
    }

    @Test
    void chatGoesBothWaysWithEveryLineAndBothChineseNames() {
        joinApp();
        ParleyPage page = web.openPage(web.desktop()).join(PAGE_NICK, "lobby");
        page.browser().await("both members listed, by their Chinese names",
                b -> b.findAll("#members li[data-nick='" + APP_NICK + "']").size() == 1
                        && b.findAll("#members li[data-nick='" + PAGE_NICK + "']").size() == 1);

        String threeLines = "first line\nsecond line, 第二行\nthird line";
        page.sendWithEnter(threeLines);
        ServerMessage.Chat fromPage = awaitStored(ServerMessage.Chat.class, c -> c.from().equals(PAGE_NICK));
        assertThat(fromPage.text()).as("the app gets every line").isEqualTo(threeLines);
        ParleyPage.Message own = page.awaitMessage("the page's own message stored",
                m -> m.seq() != null && m.seq() == fromPage.seq() && !m.pending());
        assertThat(own.id()).isEqualTo(fromPage.id());

        String reply = "你好，" + PAGE_NICK + "!\nfrom the desktop app";
        app.sendChat("app-1", reply);
        ParleyPage.Message fromApp = page.awaitMessage("the app's message", m -> "app-1".equals(m.id()));
        assertThat(fromApp.from()).isEqualTo(APP_NICK);
        assertThat(fromApp.text()).isEqualTo(reply);
        assertThat(fromApp.shownText()).as("shown on two lines")
                .contains("你好，" + PAGE_NICK + "!\nfrom the desktop app");
        assertThat(fromApp.pending()).isFalse();
        assertThat(fromApp.seq()).isEqualTo(fromPage.seq() + 1);
        await().atMost(WAIT).until(() -> app.outboxSize() == 0);
        assertThat(page.messages()).extracting(ParleyPage.Message::text).containsSubsequence(threeLines, reply);
    }

    @Test
    void aClipRecordedInTheBrowserReachesTheAppLiveAndIsStoredAsTheMicrophoneHeardIt() throws Exception {
        joinApp();
        ParleyPage page = web.openPage(web.desktop()).join(PAGE_NICK, "lobby");

        page.pressTalkWithMouse();
        page.awaitTalkState("recording");
        ServerMessage.VoiceStart start = appHeard.awaitStart(PAGE_NICK);
        await().atMost(WAIT).until(() -> appHeard.chunksOf(start.id()) >= CHUNKS_HELD);
        assertThat(appEvents.stored).as("nothing stored while the button is held").isEmpty();
        page.releaseTalkWithMouse();

        ServerMessage.Voice stored = awaitStored(ServerMessage.Voice.class, v -> v.id().equals(start.id()));
        assertThat(stored.from()).isEqualTo(PAGE_NICK);
        assertThat(appHeard.storedIds).as("the app learns the stream it heard is stored").contains(start.id());
        assertThat(appEvents.clips).as("one clip stored").hasSize(1);
        byte[] clip = appEvents.clips.get(0);
        WavInfo format = Wav.inspect(ByteBuffer.wrap(clip));
        assertThat(format.sampleRate()).isEqualTo(RATE);
        assertThat(format.channels()).isEqualTo(1);
        assertThat(stored.durationMs()).as("held 1.5 s, plus the release tail").isGreaterThanOrEqualTo(1_500);
        assertThat(Arrays.copyOfRange(clip, format.dataOffset(), format.dataOffset() + format.dataLength()))
                .as("the stored clip is what the app heard live").isEqualTo(appHeard.pcmOf(start.id()));

        short[] samples = Wav.samples(ByteBuffer.wrap(clip), format);
        PcmMatch.Result match = PcmMatch.compare(web.voice(), SpeechLikeSignal.SAMPLE_RATE, samples, RATE, 0.25);
        System.out.printf("browser recording stored for the app (%d ms): %s%n", stored.durationMs(), match);
        assertThat(match.median()).as(match.toString()).isGreaterThanOrEqualTo(0.9);
        page.awaitMessage("the page's own voice card stored", m -> m.voice() && m.seq() != null
                && m.seq() == stored.seq() && !m.pending());
    }

    @Test
    void aLiveStreamFromTheAppIsHeardLiveByThePageInWalkieTalkieMode() throws Exception {
        joinApp();
        ParleyPage page = web.openPage(web.desktop()).join(PAGE_NICK, "lobby");
        setAutoplay(page, true);
        page.recordVoiceCards();

        short[] speech = SpeechLikeSignal.samples(1.6, 3);
        int chunks = speech.length / CHUNK_SAMPLES;
        assertThat(app.startStream("app-live-1", RATE, 1)).isTrue();
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        AtomicInteger next = new AtomicInteger();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try {
            // a speaker's pace: one 20 ms chunk every 20 ms
            ScheduledFuture<?> speaking = pace.scheduleAtFixedRate(() -> {
                int n = next.get();
                if (n < chunks) {
                    byte[] pcm = SpeechLikeSignal.pcmBytes(speech, n * CHUNK_SAMPLES, CHUNK_SAMPLES);
                    sent.writeBytes(pcm);
                    app.sendChunk("app-live-1", n, pcm);
                    next.incrementAndGet();
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            ParleyPage.Message live = page.awaitMessage("a live card while the app speaks",
                    m -> m.voice() && m.live() && "app-live-1".equals(m.id()));
            assertThat(live.from()).isEqualTo(APP_NICK);
            assertThat(next.get()).as("chunks sent when the live card showed").isLessThan(chunks);
            await().atMost(WAIT).until(() -> next.get() >= chunks);
            speaking.cancel(false);
        } finally {
            pace.shutdownNow();
            pace.awaitTermination(5, TimeUnit.SECONDS);
        }
        app.endStream("app-live-1", Wav.write(sent.toByteArray(), RATE, 1));
        ServerMessage.Voice stored = awaitStored(ServerMessage.Voice.class, v -> v.id().equals("app-live-1"));

        ParleyPage.Message card = page.awaitMessage("the live card became the stored message, played",
                WAIT, m -> "app-live-1".equals(m.id()) && m.seq() != null && m.seq() == stored.seq()
                        && !m.live() && !m.unplayed() && !"live".equals(m.state()) && !"playing".equals(m.state()));
        assertThat(card.voice()).isTrue();
        assertThat(card.state()).as("heard to its end, not cut off").isEqualTo("idle");
        assertThat(page.messages()).filteredOn(m -> "app-live-1".equals(m.id())).as("one card for the stream")
                .hasSize(1);
        List<ParleyPage.CardChange> history = page.cardHistory(APP_NICK, "app-live-1");
        System.out.println("the app's live stream in the page: " + history);
        ParleyPage.CardChange storedAt = history.stream().filter(c -> c.seq() != null).findFirst().orElseThrow();
        assertThat(history).as("heard live (playing while still a live card) before it was stored")
                .anyMatch(c -> c.live() && "playing".equals(c.state()) && c.t() < storedAt.t());
        page.browser().await("nothing plays after the stream", Duration.ofSeconds(5),
                b -> page.messages().stream().noneMatch(m -> "playing".equals(m.state())));
        Thread.sleep(1_000); // a replay of the stored clip would start within this: auto-play queues it at once
        List<ParleyPage.CardChange> after = page.cardHistory(APP_NICK, "app-live-1");
        ParleyPage.CardChange ended = after.stream().filter(c -> c.t() >= storedAt.t() && "idle".equals(c.state()))
                .findFirst().orElseThrow();
        assertThat(after).as("the stored message is not played again after the stream ended")
                .filteredOn(c -> c.t() > ended.t()).noneMatch(c -> "playing".equals(c.state()));
    }

    private <T extends ServerMessage.Stored> T awaitStored(Class<T> type, java.util.function.Predicate<T> match) {
        return await().atMost(WAIT).until(() -> appEvents.stored.stream().filter(type::isInstance).map(type::cast)
                .filter(match).findFirst().orElse(null), found -> found != null);
    }

    private static void setAutoplay(ParleyPage page, boolean on) {
        WebElement box = page.browser().find("#autoplay");
        if (box.isSelected() != on) {
            page.click(box);
        }
        page.browser().await("#autoplay " + (on ? "on" : "off"), b -> b.find("#autoplay").isSelected() == on);
    }

    private record Chunk(ServerMessage.VoiceChunk header, byte[] pcm) {
    }

    /** What the app's connection reports about others' live streams: starts, each stream's PCM, stored ends. */
    private static final class HeardLive implements LiveVoiceEvents {
        final List<ServerMessage.VoiceStart> starts = new CopyOnWriteArrayList<>();
        final List<Chunk> chunks = new CopyOnWriteArrayList<>();
        final List<String> storedIds = new CopyOnWriteArrayList<>();

        @Override
        public void started(ServerMessage.VoiceStart start) {
            starts.add(start);
        }

        @Override
        public void chunk(ServerMessage.VoiceChunk chunk, byte[] audio) {
            chunks.add(new Chunk(chunk, audio));
        }

        @Override
        public void aborted(ServerMessage.VoiceAbort abort) {
        }

        @Override
        public void stored(ServerMessage.Voice voice) {
            storedIds.add(voice.id());
        }

        @Override
        public void lost() {
        }

        ServerMessage.VoiceStart awaitStart(String from) {
            return await().atMost(WAIT).until(() -> starts.stream().filter(s -> s.from().equals(from)).findFirst()
                    .orElse(null), s -> s != null);
        }

        long chunksOf(String id) {
            return chunks.stream().filter(c -> c.header().id().equals(id)).count();
        }

        /** The stream's chunks joined, in the order they came (numbered 0, 1, 2, … with no gap). */
        byte[] pcmOf(String id) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Long> numbers = new ArrayList<>();
            for (Chunk c : chunks) {
                if (c.header().id().equals(id)) {
                    numbers.add(c.header().n());
                    out.writeBytes(c.pcm());
                }
            }
            for (int i = 0; i < numbers.size(); i++) {
                assertThat(numbers.get(i)).as("chunk numbers of %s", id).isEqualTo(i);
            }
            return out.toByteArray();
        }
    }
}
