package dev.parley.client.audio;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.testing.TestRelay;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import dev.parley.protocol.Wav;
import javafx.beans.property.SimpleBooleanProperty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Not a test: the end-to-end audio path measured, from letting go of push-to-talk to the first sample at the other
 * end's speaker. Two chat sessions of the real app code (connection, chat model, push-to-talk and playback view models,
 * Java Sound through {@link JavaSoundVoiceIo}) on the virtual microphone and speaker, and a relay on loopback (in this
 * JVM, real TLS, SQLite with fsync). Alice holds push-to-talk while the microphone plays 10 s of speech-like sound; the
 * clock starts when she lets go and stops when Bob's player hands the first sample to the speaker's line (Bob has
 * auto-play on). In between: the WAV is finished, sent, stored, forwarded, received, written to Bob's clip cache, put
 * on his timeline, read back and opened on the speaker.
 * <p>
 * Run (see the README's Performance section): {@code mvn -q -pl desktop-client -am test-compile exec:exec
 * -Dexec.classpathScope=test -Dexec.executable=java
 * "-Dexec.args=-classpath %classpath dev.parley.client.audio.AudioPathBenchmark --runs 7 --seconds 10"}.
 */
public final class AudioPathBenchmark {
    private AudioPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 7;
        double seconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("options: --runs N --seconds S");
            }
        }
        Path tmp = Files.createTempDirectory("parley-audio-bench");
        VirtualMicrophone.reset();
        VirtualSpeaker.reset();
        byte[] speech = Wav.write(Sounds.speechLike(16_000, seconds + 1), 16_000, 1);
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        ExecutorService aliceUi = Executors.newSingleThreadExecutor(r -> new Thread(r, "alice-ui"));
        ExecutorService bobUi = Executors.newSingleThreadExecutor(r -> new Thread(r, "bob-ui"));
        Messages messages = new Messages(Locale.ENGLISH);
        VoiceIo io = JavaSoundVoiceIo.following(() -> "", () -> "");
        List<Double> millis = new ArrayList<>();
        long clipBytes = 0;
        try (TestRelay relay = new TestRelay(tmp.resolve("relay"))) {
            ChatSession alice = session(relay, "alice", aliceUi::execute, scheduler, io, messages, false);
            ChatSession bob = session(relay, "bob", bobUi::execute, scheduler, io, messages, true);
            await(() -> alice.connection().state() == ConnectionState.JOINED
                    && bob.connection().state() == ConnectionState.JOINED, 20_000);
            AtomicLong arrived = new AtomicLong();
            bob.model().onArrival(item -> arrived.set(System.nanoTime()));
            System.out.printf("audio path: %.1f s clips, 16 kHz mono, relay on 127.0.0.1 (TLS, SQLite), %d runs%n",
                    seconds, runs);
            for (int run = 0; run <= runs; run++) { // run 0 warms up
                VirtualMicrophone.feed(speech);
                VirtualSpeaker.reset();
                arrived.set(0);
                on(aliceUi, () -> {
                    alice.pushToTalk().press();
                    return null;
                });
                long frames = Math.round(seconds * 16_000);
                await(() -> VirtualMicrophone.allLines().stream().anyMatch(l -> l.isOpen()
                        && l.getLongFramePosition() >= frames), (long) (seconds * 1000) + 10_000);
                long released = System.nanoTime();
                on(aliceUi, () -> {
                    alice.pushToTalk().release();
                    return null;
                });
                double sent = (System.nanoTime() - released) / 1e6;
                await(() -> VirtualSpeaker.firstWriteNanos != 0, 20_000);
                double ms = (VirtualSpeaker.firstWriteNanos - released) / 1e6;
                double toTimeline = (arrived.get() - released) / 1e6;
                int expected = (int) (frames * 2);
                await(() -> VirtualSpeaker.written().length >= expected, (long) (seconds * 1000) + 20_000);
                clipBytes = VirtualSpeaker.written().length + 44L;
                on(bobUi, () -> {
                    bob.playback().stop();
                    return null;
                });
                if (run == 0) {
                    System.out.printf("  warm-up   %7.1f ms (on Bob's timeline after %.1f ms)%n", ms, toTimeline);
                } else {
                    millis.add(ms);
                    System.out.printf("  run %-2d    %7.1f ms (Alice's UI thread free again after %.1f ms, on Bob's"
                            + " timeline after %.1f ms)%n", run, ms, sent, toTimeline);
                }
            }
            on(aliceUi, () -> {
                alice.close();
                return null;
            });
            on(bobUi, () -> {
                bob.close();
                return null;
            });
        } finally {
            scheduler.shutdownNow();
            aliceUi.shutdownNow();
            bobUi.shutdownNow();
            try (var files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        millis.sort(null);
        System.out.printf("release -> first sample at the listener's speaker, %d-byte clips: median %.1f ms, min %.1f, max %.1f"
                        + " (target <= 100 ms)%n", clipBytes, millis.get(millis.size() / 2), millis.get(0),
                millis.get(millis.size() - 1));
        System.exit(0);
    }

    private static ChatSession session(TestRelay relay, String nick, UiThread ui, ScheduledExecutorService scheduler,
                                       VoiceIo io, Messages messages, boolean autoPlay) throws Exception {
        AtomicReference<ChatSession> made = new AtomicReference<>();
        ui.run(() -> {
            ChatSession s = new ChatSession(new JoinRequest(relay.address(), nick, "lobby", null, relay.fingerprint()), ui,
                    scheduler, Clock.systemUTC(), io, messages, new SimpleBooleanProperty(autoPlay), p -> {
                    });
            s.start();
            made.set(s);
        });
        await(() -> made.get() != null, 10_000);
        return made.get();
    }

    private static <T> T on(ExecutorService thread, Callable<T> action) throws Exception {
        return thread.submit(action).get(30, TimeUnit.SECONDS);
    }

    private static void await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            Thread.sleep(1);
        }
    }
}
