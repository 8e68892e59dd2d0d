package dev.parley.client.audio;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.PlayedClips;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.live.LiveSender;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.testing.TestRelay;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Wav;
import dev.parley.relay.web.browser.Browser;
import dev.parley.relay.web.browser.BrowserOptions;
import dev.parley.relay.web.browser.ParleyPage;
import dev.parley.relay.web.browser.SpeechLikeSignal;
import javafx.beans.property.SimpleBooleanProperty;

import javax.sound.sampled.AudioFormat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import static dev.parley.client.audio.LiveLatencyBenchmark.await;
import static dev.parley.client.audio.LiveLatencyBenchmark.on;
import static dev.parley.client.audio.LiveLatencyBenchmark.percentile;

/**
 * Not a test: talk-to-ear latency from the web client to the desktop app (the README's figure). Headless Chromium
 * (Debian's, through the relay tests' browser harness) opens the web client the relay serves, joins, and holds the
 * talk button; its fake microphone plays a WAV made here: quiet speech-like sound (peaks about 5,000 of 32,767) with a
 * marker, a 5 ms full-scale burst, every second, so every held message contains one. The relay runs on loopback in
 * this JVM (real TLS, SQLite with fsync); one desktop chat session listens in walkie-talkie mode with Java Sound on the
 * virtual speaker, as in {@link LiveLatencyBenchmark}.
 *
 * <p>The clock starts when the marker was captured in the page. The fake device has no known start time, so a script
 * added to the page before it loads (DevTools {@code Page.addScriptToEvaluateOnNewDocument}; the product's code is
 * untouched) wraps {@code WebSocket.prototype.send}, finds the marker's first sample in each outgoing voice-chunk
 * frame (4-byte big-endian header length, JSON header, PCM16 LE) and notes {@code performance.timeOrigin +
 * performance.now()} minus the time the samples after it in that chunk took to capture (at 16 kHz). That start point
 * is when the page's main thread had the chunk: it leaves out the fake device's own buffering, the audio service, the
 * AudioWorklet's 128-frame render quantum and its message to the main thread (a few ms together), so it errs early
 * by that much. The clock stops, as in {@link LiveLatencyBenchmark}, when the marker is handed to the listener's
 * speaker line ("handed") and when the line will play it, behind what it still holds ("heard"). Both clocks are this
 * machine's wall clock (the page's and {@link Instant#now()}); how they compare is printed.
 *
 * <p>Run (see the README's Performance section): {@code mvn -q -pl desktop-client -am test-compile exec:exec
 * -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-classpath %classpath dev.parley.client.audio.WebTalkLatencyBenchmark --messages 20"}.
 */
public final class WebTalkLatencyBenchmark {
    private static final int RATE = 16_000;
    private static final double MARK_EVERY_SECONDS = 1.0;
    private static final double SOURCE_SECONDS = 10;
    private static final int BURST_SAMPLES = 80; // 5 ms
    /** A sample this loud is a marker's: the speech around it stays below a third of it. */
    private static final int THRESHOLD = 16_000;
    /** Loud samples within this many samples (0.3 s) of a marker's first belong to that marker. */
    private static final int REFRACTORY = RATE * 3 / 10;
    private static final double SPEECH_GAIN = 0.35;
    private static final int WARM_UP = 2;

    /**
     * Added to the page before its own scripts: every marker in an outgoing voice-chunk frame, with when it was
     * captured, in {@code window.__parleyMarks}. It reads the frame and never changes or delays it.
     */
    private static final String MARK_SCRIPT = """
            (() => {
              const THRESHOLD = %d, REFRACTORY = %d, RATE = %d;
              const marks = [];
              const streams = new Map();
              const text = new TextDecoder();
              Object.defineProperty(window, '__parleyMarks', {value: marks});
              const look = (data, now) => {
                if (!(data instanceof ArrayBuffer) && !ArrayBuffer.isView(data)) return; // text frames
                const bytes = data instanceof ArrayBuffer ? new Uint8Array(data)
                    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
                if (bytes.length < 4) return;
                const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
                const headLength = view.getUint32(0, false);
                if (4 + headLength > bytes.length) return;
                const header = JSON.parse(text.decode(bytes.subarray(4, 4 + headLength)));
                if (header.type !== 'voice-chunk') return;
                const pcm = 4 + headLength;
                const count = (bytes.length - pcm) >> 1;
                let s = streams.get(header.id);
                if (!s) streams.set(header.id, s = {samples: 0, last: -Infinity});
                for (let i = 0; i < count; i++) {
                  const v = view.getInt16(pcm + 2 * i, true);
                  const at = s.samples + i;
                  if ((v >= THRESHOLD || v <= -THRESHOLD) && at - s.last > REFRACTORY) {
                    s.last = at;
                    marks.push({id: header.id, n: header.n, sample: at, sentAt: now,
                                capturedAt: now - (count - 1 - i) * 1000 / RATE});
                  }
                }
                s.samples += count;
              };
              const send = WebSocket.prototype.send;
              WebSocket.prototype.send = function (data) {
                const now = performance.timeOrigin + performance.now();
                try { look(data, now); } catch (e) { console.warn('marker script: ' + e); }
                return send.call(this, data);
              };
            })();""".formatted(THRESHOLD, REFRACTORY, RATE);

    private WebTalkLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 20;
        double seconds = 1.2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("options: --messages N --seconds S (held, at least 1)");
            }
        }
        if (seconds < MARK_EVERY_SECONDS) {
            throw new IllegalArgumentException("--seconds must be at least " + MARK_EVERY_SECONDS
                    + " so that every message holds a marker");
        }
        System.out.printf(Locale.ROOT, "web talk-to-ear latency: headless Chromium's fake microphone -> the web client"
                + " (held %.1f s + the 200 ms tail) -> relay on 127.0.0.1 (TLS, SQLite) -> one desktop app in"
                + " walkie-talkie mode (virtual speaker); a full-scale marker every %.0f ms in quiet speech-like sound;"
                + " %d messages after %d to warm up%n", seconds, MARK_EVERY_SECONDS * 1000, messages, WARM_UP);
        System.out.println("  start: when the page's main thread had the marker's 20 ms chunk, minus the samples after"
                + " the marker (leaves out the fake device, the audio service, the worklet's 128-frame quantum and its"
                + " message to the page: a few ms); stop: the marker handed to the listener's speaker line, and heard"
                + " behind the line's queue");
        System.out.println(run(messages, seconds));
        System.exit(0);
    }

    private static String run(int messages, double seconds) throws Exception {
        Path tmp = Files.createTempDirectory("parley-web-talk-bench");
        VirtualMicrophone.reset();
        VirtualSpeaker.reset();
        List<Double> handed = new ArrayList<>();
        List<Double> heard = new ArrayList<>();
        List<Double> allHanded = new ArrayList<>();
        int lost = 0;
        int unmarked = 0;
        int heardUnknown = 0;
        List<AtSpeaker> atSpeaker = new CopyOnWriteArrayList<>();
        Map<Object, LineWatch> lines = new ConcurrentHashMap<>();
        VirtualSpeaker.tap = (line, b, off, len, nanos, queuedFrames) -> {
            double now = wallMillis();
            LineWatch watch = lines.computeIfAbsent(line, l -> new LineWatch((VirtualLine) l));
            AtSpeaker mark = watch.look(b, off, len, queuedFrames, nanos, now);
            if (mark != null) {
                atSpeaker.add(mark);
            }
        };
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        ExecutorService ui = Executors.newSingleThreadExecutor(r -> new Thread(r, "listener-ui"));
        Browser browser = null;
        String[] clocks = new String[2];
        try (TestRelay relay = new TestRelay(tmp.resolve("relay"))) {
            Path wav = tmp.resolve("marked-speech.wav");
            Files.write(wav, Wav.write(markedSpeech(), RATE, 1));
            VoiceIo io = JavaSoundVoiceIo.following(() -> "", () -> "");
            ChatSession listener = listening(relay, ui, scheduler, io);
            await(() -> listener.connection().state() == ConnectionState.JOINED, 30_000);

            browser = Browser.start(BrowserOptions.desktop(wav));
            browser.cdp("Page.addScriptToEvaluateOnNewDocument", Map.of("source", MARK_SCRIPT));
            ParleyPage page = new ParleyPage(browser, URI.create("https://127.0.0.1:" + relay.address().port() + "/"))
                    .open().join("web", "lobby");
            clocks[0] = pageClock(browser);
            Set<String> done = new HashSet<>();
            for (int m = -WARM_UP; m < messages; m++) {
                atSpeaker.clear();
                lines.clear();
                page.pressTalkWithMouse();
                page.awaitTalkState("recording");
                Thread.sleep(Math.round(seconds * 1000));
                page.releaseTalkWithMouse();
                int expected = m + WARM_UP + 1;
                // the next message starts once the listener has played this one out and the stored clip is in
                await(() -> on(ui, () -> !listener.playback().hearingLive() && listener.model().timeline().stream()
                        .filter(t -> t.kind() == TimelineItem.Kind.VOICE && t.live() == null).count() >= expected),
                        20_000);
                page.awaitTalkState("idle");
                List<Mark> sent = newMarks(browser, done);
                List<Heard> got = atSpeaker.stream().map(AtSpeaker::heard).toList();
                String id = sent.isEmpty() ? "?" : sent.get(0).id();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "  message %3d (%s): %d marker(s) sent, %d at the speaker", m, id, sent.size(), got.size()));
                for (int k = 0; k < Math.min(sent.size(), got.size()); k++) {
                    double captured = sent.get(k).capturedAt();
                    line.append(String.format(Locale.ROOT, "; %.2f s in: %.1f / %.1f ms",
                            sent.get(k).sample() / (double) RATE, got.get(k).handedAt() - captured,
                            got.get(k).heardAt() - captured));
                }
                System.out.println(line);
                if (m < 0) {
                    continue;
                }
                if (sent.isEmpty()) {
                    unmarked++;
                    continue;
                }
                lost += Math.max(0, sent.size() - got.size());
                if (got.size() != sent.size()) {
                    continue; // which marker is which is unknown: no figure from this message
                }
                handed.add(got.get(0).handedAt() - sent.get(0).capturedAt());
                if (Double.isNaN(got.get(0).heardAt())) {
                    heardUnknown++;
                } else {
                    heard.add(got.get(0).heardAt() - sent.get(0).capturedAt());
                }
                for (int k = 0; k < sent.size(); k++) {
                    allHanded.add(got.get(k).handedAt() - sent.get(k).capturedAt());
                }
            }
            clocks[1] = pageClock(browser);
            on(ui, () -> {
                listener.close();
                return null;
            });
        } finally {
            VirtualSpeaker.tap = null;
            if (browser != null) {
                browser.close();
            }
            scheduler.shutdownNow();
            ui.shutdownNow();
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String unknown = heardUnknown == 0 ? "" : " (" + heardUnknown + " unknown: the line ran dry and restarted)";
        return String.format(Locale.ROOT, "browser -> 1 desktop app, %d messages (the first marker of each): marker"
                        + " captured in the page -> listener's speaker line p50 %.1f, p95 %.1f, max %.1f ms; -> heard"
                        + " (behind the line's queue) p50 %.1f, p95 %.1f, max %.1f ms%s; all %d markers -> line p95"
                        + " %.1f ms; markers lost %d, messages without a marker %d (target p95 <= 150 ms)%n"
                        + "  clocks at the start: %s; at the end: %s",
                handed.size(), percentile(handed, 50), percentile(handed, 95), percentile(handed, 100),
                percentile(heard, 50), percentile(heard, 95), percentile(heard, 100), unknown, allHanded.size(),
                percentile(allHanded, 95), lost, unmarked, clocks[0], clocks[1]);
    }

    /** Quiet speech-like sound with a 5 ms full-scale burst (a 1 kHz square) every {@link #MARK_EVERY_SECONDS}. */
    static short[] markedSpeech() {
        short[] speech = SpeechLikeSignal.samples(SOURCE_SECONDS, 7);
        short[] out = new short[speech.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.round(speech[i] * SPEECH_GAIN);
        }
        int every = (int) Math.round(MARK_EVERY_SECONDS * RATE);
        for (int at = every / 2; at + BURST_SAMPLES <= out.length; at += every) {
            for (int i = 0; i < BURST_SAMPLES; i++) {
                out[at + i] = (short) ((i / 8) % 2 == 0 ? 32_000 : -32_000);
            }
        }
        return out;
    }

    /** A marker the page sent: its stream, where in the stream, and when it was captured (page clock, ms). */
    private record Mark(String id, long sample, double capturedAt) {
    }

    /** A marker at the speaker: when it was handed to the line and when the line will play it (JVM clock, ms). */
    private record Heard(double handedAt, double heardAt) {
    }

    /**
     * A marker handed to a speaker line at {@code handedAt} ({@code nanos}), {@code framesAhead} frames behind what
     * the line had not played yet. A running line plays it that much later; a line not started yet (filling its
     * cushion at the start of a stream) plays it that much after it starts, which is known only later.
     */
    private record AtSpeaker(VirtualLine line, double rate, double handedAt, long nanos, long framesAhead,
                             boolean running) {
        Heard heard() {
            double behind = framesAhead * 1000.0 / rate;
            if (running) {
                return new Heard(handedAt, handedAt + behind);
            }
            long started = line.startedNanos;
            // a line that ran dry and started again: its restart time is not kept (not seen in these runs)
            double heardAt = started >= nanos ? handedAt + (started - nanos) / 1e6 + behind : Double.NaN;
            return new Heard(handedAt, heardAt);
        }
    }

    /** Finds markers in what is written to one speaker line, with the page script's rule (the first loud sample). */
    private static final class LineWatch {
        private final VirtualLine line;
        private final int frameBytes;
        private final double rate;
        private final int refractoryFrames;
        private long frames;
        private long last = Long.MIN_VALUE / 2;

        LineWatch(VirtualLine line) {
            this.line = line;
            AudioFormat format = line.getFormat();
            this.frameBytes = format.getFrameSize();
            this.rate = format.getFrameRate();
            this.refractoryFrames = (int) Math.round(rate * REFRACTORY / RATE);
        }

        /** Called under the line's lock, inside its write. */
        AtSpeaker look(byte[] b, int off, int len, long queuedFrames, long nanos, double now) {
            AtSpeaker found = null;
            int count = len / frameBytes;
            for (int f = 0; f < count; f++) {
                int i = off + f * frameBytes; // the first channel
                int v = (short) ((b[i] & 0xff) | (b[i + 1] << 8));
                long at = frames + f;
                if (Math.abs(v) >= THRESHOLD && at - last > refractoryFrames) {
                    last = at;
                    if (found == null) {
                        found = new AtSpeaker(line, rate, now, nanos, queuedFrames + f, line.running);
                    }
                }
            }
            frames += count;
            return found;
        }
    }

    /** Markers of streams not seen before, in order. */
    private static List<Mark> newMarks(Browser browser, Set<String> done) {
        List<Map<String, Object>> raw = browser.js("return window.__parleyMarks.slice();");
        List<Mark> out = new ArrayList<>();
        for (Map<String, Object> m : raw) {
            String id = (String) m.get("id");
            if (!done.contains(id)) {
                out.add(new Mark(id, ((Number) m.get("sample")).longValue(),
                        ((Number) m.get("capturedAt")).doubleValue()));
            }
        }
        out.forEach(m -> done.add(m.id()));
        return out;
    }

    /**
     * How the page's clock compares with this machine's: {@code performance.timeOrigin + performance.now()} minus the
     * page's {@code Date.now()} (the system clock the JVM reads too, in whole ms, so about +0.5 when they agree),
     * averaged; and the page's clock minus the JVM's at the middle of the quickest script round trip, with half that
     * trip as its uncertainty.
     */
    private static String pageClock(Browser browser) {
        double sum = 0;
        double offset = Double.NaN;
        double trip = Double.MAX_VALUE;
        int n = 30;
        for (int i = 0; i < n; i++) {
            double before = wallMillis();
            List<Number> page = browser.js("return [performance.timeOrigin + performance.now(), Date.now()];");
            double after = wallMillis();
            double precise = page.get(0).doubleValue();
            sum += precise - page.get(1).doubleValue();
            if (after - before < trip) {
                trip = after - before;
                offset = precise - (before + after) / 2;
            }
        }
        return String.format(Locale.ROOT, "page's clock - its Date.now() %+.1f ms (whole ms: +0.5 is agreement),"
                + " - JVM's %+.1f +- %.1f ms", sum / n, offset, trip / 2);
    }

    /** This machine's wall clock in ms, to the microsecond. */
    private static double wallMillis() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
    }

    private static ChatSession listening(TestRelay relay, ExecutorService ui, ScheduledExecutorService scheduler,
                                         VoiceIo io) throws Exception {
        AtomicReference<ChatSession> made = new AtomicReference<>();
        ui.execute(() -> {
            ChatSession s = new ChatSession(new JoinRequest(relay.address(), "listener", "lobby", null,
                    relay.fingerprint()), ui::execute, scheduler, Clock.systemUTC(), io, new Messages(Locale.ENGLISH),
                    new SimpleBooleanProperty(true), p -> { }, PlayedClips.inMemory(),
                    () -> LiveSender.DEFAULT_RELEASE_TAIL, new SimpleBooleanProperty(true));
            s.start();
            made.set(s);
        });
        await(() -> made.get() != null, 10_000);
        return made.get();
    }
}
