package dev.parley.relay.server;

import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Brings a freshly started relay's code to its steady, compiled speed before people need it, by sending a few
 * seconds of typical traffic (a live voice stream, chat, clips, history) through a second, private relay of the same
 * classes on 127.0.0.1, then deleting everything it stored.
 *
 * <p>Why: HotSpot compiles a method with its optimizing compiler (C2) after some 5,000 to 15,000 calls. A live voice
 * stream calls the per-chunk path 50 times a second, so without this the relay ran profiling code, and its compiler
 * threads kept working, for minutes of real traffic (measured: C2 still compiling the TLS engine's {@code wrap} and
 * the relay's frame path 100 s into a stream). The private relay shares the classes, so the code compiled for it
 * is the code the real relay runs; it never shares sockets, rooms or storage with it.
 */
public final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    /** Enough calls of the per-chunk path for C2 (its thresholds are 5,000 to 15,000 calls). */
    static final int CHUNKS = 12_000;
    static final int CHUNKS_PER_MESSAGE = 500;
    static final int CHATS_PER_MESSAGE = 60;
    private static final int CHUNK_BYTES = 640;
    private static final long ROUND_TIMEOUT_MILLIS = 10_000;
    private static final long BUDGET_MILLIS = 60_000;

    /** What a finished warm-up did. */
    public record Result(int chunks, int chats, int clips, long millis) {
    }

    private final RelayConfig of;
    private final Path dir;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile WarmupSocket speaker;
    private volatile WarmupSocket listener;
    private final Thread thread;

    private Warmup(RelayConfig of, Path dir) {
        this.of = of;
        this.dir = dir;
        this.thread = new Thread(this::runAndReport, "parley-warmup");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts warming up in the background for a relay run with {@code config}; the private relay keeps its files in
     * {@code warmup} under the data directory, deleted when it ends (and at the next start, after a kill).
     */
    public static Warmup start(RelayConfig config) {
        Warmup w = new Warmup(config, config.dataDir().resolve("warmup"));
        w.thread.start();
        return w;
    }

    /** Completes when the warm-up ends: with what it did, or exceptionally with why it stopped. */
    public CompletableFuture<Result> done() {
        return done;
    }

    /** Stops it as soon as it can and waits (up to a few seconds) until its private relay is closed. */
    public void cancel() {
        cancelled = true;
        for (WarmupSocket s : new WarmupSocket[]{speaker, listener}) {
            if (s != null) {
                s.close(); // its reader reports the break, which ends the round at once
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runAndReport() {
        Result result = null;
        Exception failure = null;
        try {
            result = run();
        } catch (Exception e) {
            failure = e;
        } finally {
            delete(dir);
        }
        if (result != null) {
            log.info("warm-up: {} live chunks, {} chats and {} clips through a private relay in {} ms; the relay runs"
                    + " at its steady speed now", result.chunks(), result.chats(), result.clips(), result.millis());
            done.complete(result);
        } else {
            if (!cancelled) {
                log.info("warm-up stopped early ({}); the relay warms up with its traffic instead", failure.toString());
            }
            done.completeExceptionally(failure);
        }
    }

    private Result run() throws Exception {
        long start = System.nanoTime();
        delete(dir);
        Files.createDirectories(dir);
        RelayConfig config = RelayConfig.defaults()
                .withBind("127.0.0.1")
                .withPort(0)
                .withDataDir(dir)
                .withDiscovery(false)
                .withWeb(WebClient.OFF)
                .withRateLimits(RateLimits.UNLIMITED)
                .withEngine(of.engine());
        int chunks = 0;
        int chats = 0;
        int clips = 0;
        Watch heard = new Watch();
        Watch echoed = new Watch();
        try (ParleyRelay relay = ParleyRelay.startPrivate(config);
             WarmupSocket listener = this.listener = WarmupSocket.open(relay.port(), relay.fingerprint(), heard::text);
             WarmupSocket speaker = this.speaker = WarmupSocket.open(relay.port(), relay.fingerprint(), echoed::text)) {
            if (cancelled) {
                throw new IllegalStateException("cancelled");
            }
            listener.sendText(hello("warm-listener"));
            heard.await("\"type\":\"welcome\"");
            speaker.sendText(hello("warm-speaker"));
            echoed.await("\"type\":\"welcome\"");
            heard.await("\"type\":\"presence\"");
            Random random = new Random(1);
            byte[] pcm = new byte[CHUNK_BYTES];
            byte[] clip = Wav.write(new byte[16_000 * 2], 16_000, 1);
            for (int message = 0; chunks < CHUNKS; message++) {
                if (cancelled || System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS)) {
                    throw new IllegalStateException(cancelled ? "cancelled" : "over its time budget");
                }
                String id = "w-" + message;
                speaker.sendText("{\"type\":\"voice-start\",\"id\":\"" + id + "\",\"codec\":\"pcm16\","
                        + "\"sampleRate\":16000,\"channels\":1}");
                for (int n = 0; n < CHUNKS_PER_MESSAGE; n++) {
                    random.nextBytes(pcm);
                    speaker.sendBinary(VoiceFrame.encode("{\"type\":\"voice-chunk\",\"id\":\"" + id + "\",\"n\":" + n
                            + "}", pcm).array(), n % 8 == 7);
                }
                speaker.sendText("{\"type\":\"voice-end\",\"id\":\"" + id + "\"}");
                chunks += CHUNKS_PER_MESSAGE;
                speaker.sendText("{\"type\":\"typing\",\"state\":\"typing\"}");
                for (int c = 0; c < CHATS_PER_MESSAGE; c++) {
                    speaker.sendText("{\"type\":\"chat\",\"id\":\"" + id + "-" + c + "\",\"text\":\"warming up "
                            + c + "\"}");
                }
                speaker.sendText("{\"type\":\"typing\",\"state\":\"idle\"}");
                chats += CHATS_PER_MESSAGE;
                speaker.sendBinary(VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"" + id + "-clip\"}", clip).array(),
                        true);
                clips++;
                String last = "\"id\":\"" + id + "-last\"";
                speaker.sendText("{\"type\":\"chat\",\"id\":\"" + id + "-last\",\"text\":\"warm\"}");
                // its echo means the whole round is stored and delivered; then a page of history, whose end comes
                // after everything the round sent the listener
                echoed.await(last);
                listener.sendText("{\"type\":\"history\",\"before\":1000000000,\"limit\":50}");
                heard.await("\"type\":\"history-end\"");
            }
        }
        return new Result(chunks, chats, clips, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static String hello(String nick) {
        return "{\"type\":\"hello\",\"protocol\":2,\"nick\":\"" + nick + "\",\"room\":\"warm-up\","
                + "\"client\":\"parley-warmup\"}";
    }

    /** The text frames one socket received since the last wait, for the sending thread to wait for one of them. */
    private static final class Watch {
        private final ArrayDeque<String> texts = new ArrayDeque<>();
        private boolean broken;

        synchronized void text(String json) {
            if (json == null) {
                broken = true;
            } else {
                texts.add(json);
            }
            notifyAll();
        }

        /** Waits for a text frame containing {@code part}, dropping the ones before it. */
        synchronized void await(String part) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUND_TIMEOUT_MILLIS);
            while (true) {
                String json;
                while ((json = texts.poll()) != null) {
                    if (json.contains(part)) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (broken || left <= 0) {
                    throw new IllegalStateException(broken ? "the private relay closed a connection"
                            : "no " + part + " from the private relay within " + ROUND_TIMEOUT_MILLIS + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the warm-up's files in {}: {}", dir, e.getMessage());
        }
    }
}
