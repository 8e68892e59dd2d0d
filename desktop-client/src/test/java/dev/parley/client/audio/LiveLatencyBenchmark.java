package dev.parley.client.audio;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.PlayedClips;
import dev.parley.client.live.LiveSender;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.Wav;
import javafx.beans.property.SimpleBooleanProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Not a test: talk-to-ear latency of live push-to-talk (the README's figure), measured with the real app code on both
 * ends. One speaking chat session and L listeners in the room: the first {@code --apps} of them (default 1) are
 * listening chat sessions (walkie-talkie mode on, each with its own UI thread), and are measured; the others are plain
 * protocol-2 clients that receive everything, as the other machines of a room would (20 full apps on the two cores of
 * this test machine would measure the machine, not Parley: {@code --apps 20} does that too). The relay runs on loopback
 * in this JVM (real TLS, SQLite with fsync), Java Sound on the virtual microphone and speaker. Each message is quiet
 * speech-like sound with one marked sample (full scale) 500 ms in; the clock starts when that sample becomes readable
 * at the microphone line (the line's start plus its position: the virtual microphone is paced in real time) and stops,
 * for each listener, when the sample is handed to that listener's speaker line ("handed") and when the line will play
 * it, behind what it still holds ("heard"). In between: the 20 ms capture read, the live chunk, TLS, the relay, TLS,
 * the listener's jitter buffer (60 ms before it starts), its 10 ms pump and the line.
 *
 * <p>Run (see the README's Performance section): {@code mvn -q -pl desktop-client test-compile exec:exec
 * -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-classpath %classpath dev.parley.client.audio.LiveLatencyBenchmark --messages 20 --listeners 1,20"}.
 */
public final class LiveLatencyBenchmark {
    private static final int RATE = 16_000;
    private static final double MARK_AT_SECONDS = 0.5;
    private static final short MARK = 32_000;

    private LiveLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = 20;
        double seconds = 1.5;
        List<Integer> listenerCounts = List.of(1, 20);
        int apps = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                case "--apps" -> apps = Integer.parseInt(args[i + 1]);
                case "--listeners" -> listenerCounts = Arrays.stream(args[i + 1].split(","))
                        .map(String::strip).map(Integer::parseInt).toList();
                default -> throw new IllegalArgumentException(
                        "options: --messages N --seconds S --listeners 1,20 --apps N");
            }
        }
        if (seconds < MARK_AT_SECONDS + 0.3) {
            throw new IllegalArgumentException("--seconds must be at least " + (MARK_AT_SECONDS + 0.3));
        }
        System.out.printf("live talk-to-ear latency: %.1f s messages, a marked sample %.0f ms in, 16 kHz mono, relay on"
                + " 127.0.0.1 (TLS, SQLite), %d messages per run after 2 to warm up%n", seconds,
                MARK_AT_SECONDS * 1000, messages);
        List<String> summary = new ArrayList<>();
        for (int listeners : listenerCounts) {
            summary.add(run(listeners, Math.min(apps, listeners), messages, seconds));
        }
        summary.forEach(System.out::println);
        System.exit(0);
    }

    private static String run(int listenerCount, int appCount, int messages, double seconds) throws Exception {
        Path tmp = Files.createTempDirectory("parley-live-bench");
        VirtualMicrophone.reset();
        VirtualSpeaker.reset();
        byte[] speech = markedSpeech(seconds);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        List<ExecutorService> uis = new ArrayList<>();
        Messages texts = new Messages(Locale.ENGLISH);
        VoiceIo io = JavaSoundVoiceIo.following(() -> "", () -> "");
        List<Double> handed = new ArrayList<>();
        List<Double> heard = new ArrayList<>();
        int lost = 0;
        List<ProtocolClient> others = new ArrayList<>();
        Map<Object, Long> markHanded = new ConcurrentHashMap<>();
        Map<Object, Long> markHeard = new ConcurrentHashMap<>();
        VirtualSpeaker.tap = (line, b, off, len, nanos, queuedFrames) -> {
            for (int i = off; i + 1 < off + len; i += 2) {
                short v = (short) ((b[i] & 0xff) | (b[i + 1] << 8));
                if (v >= MARK - 100) {
                    long frame = (i - off) / 2;
                    markHanded.putIfAbsent(line, nanos);
                    markHeard.putIfAbsent(line, nanos + (queuedFrames + frame) * 1_000_000_000L / RATE);
                    return;
                }
            }
        };
        try (TestRelay relay = new TestRelay(tmp.resolve("relay"))) {
            ExecutorService aliceUi = ui("alice", uis);
            ChatSession alice = session(relay, "alice", aliceUi, scheduler, io, texts, false);
            List<ChatSession> listeners = new ArrayList<>();
            List<ExecutorService> listenerUis = new ArrayList<>();
            for (int i = 0; i < appCount; i++) {
                ExecutorService lui = ui("l" + i, uis);
                listenerUis.add(lui);
                listeners.add(session(relay, "listener" + i, lui, scheduler, io, texts, true));
            }
            for (int i = appCount; i < listenerCount; i++) {
                others.add(ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "client" + i,
                        "lobby", Protocol.VERSION_2));
            }
            await(() -> alice.connection().state() == ConnectionState.JOINED
                    && listeners.stream().allMatch(l -> l.connection().state() == ConnectionState.JOINED), 30_000);
            await(() -> alice.connection().liveVoiceAvailable(), 10_000);
            for (int m = -2; m < messages; m++) { // two to warm up
                markHanded.clear();
                markHeard.clear();
                VirtualMicrophone.feed(speech);
                int linesBefore = VirtualMicrophone.allLines().size();
                on(aliceUi, () -> {
                    alice.pushToTalk().press();
                    return null;
                });
                await(() -> VirtualMicrophone.allLines().size() > linesBefore, 10_000);
                VirtualLine mic = VirtualMicrophone.allLines().get(VirtualMicrophone.allLines().size() - 1);
                long frames = Math.round(seconds * RATE);
                await(() -> mic.getLongFramePosition() >= frames, (long) (seconds * 1000) + 10_000);
                on(aliceUi, () -> {
                    alice.pushToTalk().release();
                    return null;
                });
                boolean all = awaitQuietly(() -> markHanded.size() >= appCount, 10_000);
                long marked = mic.startedNanos + Math.round(MARK_AT_SECONDS * 1e9);
                if (m >= 0) {
                    for (Long t : markHanded.values()) {
                        handed.add((t - marked) / 1e6);
                    }
                    for (Long t : markHeard.values()) {
                        heard.add((t - marked) / 1e6);
                    }
                    lost += appCount - markHanded.size();
                }
                if (!all) {
                    System.out.printf("  message %d: the mark reached %d of %d listening apps%n", m,
                            markHanded.size(), appCount);
                }
                // the next message starts once every listener has played this one out and the stored clip is in
                for (int i = 0; i < appCount; i++) {
                    ChatSession l = listeners.get(i);
                    ExecutorService lui = listenerUis.get(i);
                    int expected = m + 3;
                    await(() -> on(lui, () -> !l.playback().hearingLive() && l.model().timeline().stream()
                            .filter(t -> t.live() == null).count() >= expected), 20_000);
                }
            }
            on(aliceUi, () -> {
                alice.close();
                return null;
            });
            for (int i = 0; i < appCount; i++) {
                ChatSession l = listeners.get(i);
                on(listenerUis.get(i), () -> {
                    l.close();
                    return null;
                });
            }
        } finally {
            others.forEach(ProtocolClient::close);
            VirtualSpeaker.tap = null;
            scheduler.shutdownNow();
            uis.forEach(ExecutorService::shutdownNow);
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return String.format(Locale.ROOT, "%2d listener(s) (%d app(s) measured), %d marks: mouth -> listener's speaker line p50 %.1f, p95"
                        + " %.1f, max %.1f ms; -> heard (behind the line's queue) p50 %.1f, p95 %.1f, max %.1f ms;"
                        + " marks lost %d (target p95 <= 150 ms)", listenerCount, appCount, handed.size(),
                percentile(handed, 50), percentile(handed, 95), percentile(handed, 100), percentile(heard, 50),
                percentile(heard, 95), percentile(heard, 100), lost);
    }

    /** Quiet speech-like sound (peaks about 8000 of 32767) with one full-scale sample at {@link #MARK_AT_SECONDS}. */
    private static byte[] markedSpeech(double seconds) {
        short[] samples = Sounds.speechLike(RATE, seconds + 1);
        byte[] pcm = new byte[samples.length * 2];
        int mark = (int) Math.round(MARK_AT_SECONDS * RATE);
        for (int i = 0; i < samples.length; i++) {
            short v = i == mark ? MARK : (short) (samples[i] * 2 / 5);
            pcm[2 * i] = (byte) v;
            pcm[2 * i + 1] = (byte) (v >> 8);
        }
        return Wav.write(pcm, RATE, 1);
    }

    /** The p-th percentile (nearest rank) of values, NaN for none; the web benchmark's too. */
    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static ExecutorService ui(String name, List<ExecutorService> all) {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-ui"));
        all.add(e);
        return e;
    }

    private static ChatSession session(TestRelay relay, String nick, ExecutorService ui,
                                       ScheduledExecutorService scheduler, VoiceIo io, Messages messages,
                                       boolean autoPlay) throws Exception {
        AtomicReference<ChatSession> made = new AtomicReference<>();
        ui.execute(() -> {
            ChatSession s = new ChatSession(new JoinRequest(relay.address(), nick, "lobby", null, relay.fingerprint()),
                    ui::execute, scheduler, Clock.systemUTC(), io, messages, new SimpleBooleanProperty(autoPlay),
                    p -> { }, PlayedClips.inMemory(), () -> LiveSender.DEFAULT_RELEASE_TAIL,
                    new SimpleBooleanProperty(true));
            s.start();
            made.set(s);
        });
        await(() -> made.get() != null, 10_000);
        return made.get();
    }

    static <T> T on(ExecutorService ui, Callable<T> action) throws Exception {
        return ui.submit(action).get(10, TimeUnit.SECONDS);
    }

    static void await(Callable<Boolean> condition, long millis) throws Exception {
        if (!awaitQuietly(condition, millis)) {
            throw new IllegalStateException("timed out after " + millis + " ms");
        }
    }

    private static boolean awaitQuietly(Callable<Boolean> condition, long millis) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.call()) {
                return true;
            }
            Thread.sleep(2);
        }
        return condition.call();
    }
}
