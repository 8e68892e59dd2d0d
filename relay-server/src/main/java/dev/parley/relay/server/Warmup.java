package dev.parley.relay.server;

import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Brings a freshly started relay's code to its steady, compiled speed before people need it, by sending a few
 * seconds of typical traffic (a live voice stream, chat, clips, history) through a second, private relay of the same
 * classes on 127.0.0.1 and on the same event loops, then deleting everything it stored.
 *
 * <p>Why: HotSpot compiles a method with its optimizing compiler (C2) after some 5,000 to 15,000 calls. A live voice
 * stream calls the per-chunk path 50 times a second, so without this the relay ran profiling code, and its compiler
 * threads kept working, for minutes of real traffic (measured: C2 still compiling the TLS engine's {@code wrap} and
 * the relay's frame path 100 s into a stream). The private relay shares the classes, so the code compiled for it
 * is the code the real relay runs; it never shares sockets, rooms or storage with it.
 *
 * <p>Each round also has a visitor join (getting the replay), ping and leave with a closing handshake: code that C2
 * compiled without ever seeing a connection end is thrown away when the first one ends (measured: the frame decoder's
 * {@code unmask} at the end of the warm-up), so the ends are part of what it sees. The warm-up ends only after
 * {@link #QUIET_ROUNDS} rounds in a row in which the compilers were all but idle: a method at the profiling tier is
 * promoted only when its counter next overflows (every 1,024 calls), and not while the optimizing compiler's queue is
 * long, so "enough calls" alone left the per-chunk path at the profiling tier for another 20 s of a real stream.
 */
public final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    /** Enough calls of the per-chunk path for C2 (its thresholds are 5,000 to 15,000 calls). */
    static final int CHUNKS = 12_000;
    static final int CHUNKS_PER_MESSAGE = 500;
    static final int CHATS_PER_MESSAGE = 60;
    private static final int CHUNK_BYTES = 640;
    private static final long BUDGET_MILLIS = 60_000;
    /** Rounds in a row with the compilers all but idle before the warm-up ends. */
    static final int QUIET_ROUNDS = 3;

    /**
     * What a finished warm-up did.
     *
     * @param visitors members that joined, were sent the replay and left during it
     * @param settled  whether the compilers fell idle before the time budget ran out
     */
    public record Result(int chunks, int chats, int clips, int visitors, boolean settled, long millis) {
    }

    private final RelayConfig of;
    private final ParleyRelay host;
    private final Path dir;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private volatile boolean cancelled;
    private volatile WarmupSocket speaker;
    private volatile WarmupSocket listener;
    private volatile WarmupSocket visitor;
    private final Thread thread;

    private Warmup(RelayConfig of, ParleyRelay host, Path dir) {
        this.of = of;
        this.host = host;
        this.dir = dir;
        this.thread = new Thread(this::runAndReport, "parley-warmup");
        this.thread.setDaemon(true);
        this.thread.setPriority(Thread.MIN_PRIORITY);
    }

    /**
     * Starts warming up {@code host}, run with {@code config}, in the background; the private relay runs on the host's
     * event loops and keeps its files in {@code warmup} under the data directory, deleted when it ends (and at the next
     * start, after a kill).
     */
    static Warmup start(RelayConfig config, ParleyRelay host) {
        Warmup w = new Warmup(config, host, config.dataDir().resolve("warmup"));
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
        for (WarmupSocket s : new WarmupSocket[]{speaker, listener, visitor}) {
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
        Throwable failure = null;
        try {
            result = run();
        } catch (Exception | LinkageError e) {
            failure = e;
        } finally {
            delete(dir);
        }
        if (result != null) {
            log.info("warm-up: {} live chunks, {} chats, {} clips and {} visitors through a private relay in {} ms; {}",
                    result.chunks(), result.chats(), result.clips(), result.visitors(), result.millis(),
                    result.settled() ? "the relay runs at its steady speed now"
                            : "the compilers were still busy when its time was up, so traffic finishes the job");
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
        int visitors = 0;
        int quietRounds = 0;
        WarmupInbox heard = new WarmupInbox();
        WarmupInbox echoed = new WarmupInbox();
        try (ParleyRelay relay = ParleyRelay.startPrivate(config, host);
             WarmupSocket listener = this.listener = WarmupSocket.open(relay.port(), relay.fingerprint(), heard);
             WarmupSocket speaker = this.speaker = WarmupSocket.open(relay.port(), relay.fingerprint(), echoed)) {
            if (cancelled) {
                throw new IllegalStateException("cancelled");
            }
            listener.sendText(hello("warm-listener"));
            heard.await("\"type\":\"welcome\"");
            speaker.sendText(hello("warm-speaker"));
            echoed.await("\"type\":\"welcome\"");
            heard.await("\"type\":\"presence\"");
            Random random = new Random(1);
            long binaries = 0;
            byte[] pcm = new byte[CHUNK_BYTES];
            byte[] clip = Wav.write(new byte[16_000 * 2], 16_000, 1);
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            for (int message = 0; chunks < CHUNKS || quietRounds < QUIET_ROUNDS; message++) {
                long roundStart = System.nanoTime();
                long compiledAtRoundStart = compileMillis(jit);
                boolean overBudget = roundStart - start > TimeUnit.MILLISECONDS.toNanos(BUDGET_MILLIS);
                if (cancelled || overBudget && chunks < CHUNKS) {
                    throw new IllegalStateException(cancelled ? "cancelled" : "over its time budget");
                }
                if (overBudget) {
                    break; // the compilers are still busy (a loaded machine): the traffic brings the rest
                }
                String id = "w-" + message;
                speaker.sendText("{\"type\":\"voice-start\",\"id\":\"" + id + "\",\"codec\":\"pcm16\","
                        + "\"sampleRate\":16000,\"channels\":1}");
                for (int n = 0; n < CHUNKS_PER_MESSAGE; n++) {
                    random.nextBytes(pcm);
                    speaker.sendBinary(VoiceFrame.encode("{\"type\":\"voice-chunk\",\"id\":\"" + id + "\",\"n\":" + n
                            + "}", pcm).array());
                    // one chunk at a time, as a live stream comes: each wakes the relay on its own, so the code run
                    // once per wake-up (the event loop, reads, flushes) gets as many calls as the per-frame code
                    heard.awaitBinary(++binaries);
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
                speaker.sendBinary(VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"" + id + "-clip\"}", clip).array());
                clips++;
                String last = "\"id\":\"" + id + "-last\"";
                speaker.sendText("{\"type\":\"chat\",\"id\":\"" + id + "-last\",\"text\":\"warm\"}");
                // its echo means the whole round is stored and delivered; then a page of history, whose end comes
                // after everything the round sent the listener
                echoed.await(last);
                listener.sendText("{\"type\":\"history\",\"before\":1000000000,\"limit\":50}");
                heard.await("\"type\":\"history-end\"");
                binaries = heard.binaries();
                visit(relay, message);
                visitors++;
                quietRounds = compilerQuiet(jit, roundStart, compiledAtRoundStart) ? quietRounds + 1 : 0;
            }
            // leave as members do, with a closing handshake: cut off, the relay's compiled TLS and frame code met
            // paths it had never run (a reset while writing) and was thrown away, to be compiled again under the
            // first real stream (measured: the engine's wrap, unwrap, flush and unmask at the warm-up's end)
            speaker.sendClose();
            echoed.awaitOver();
            listener.sendClose();
            heard.awaitOver();
        }
        return new Result(chunks, chats, clips, visitors, quietRounds >= QUIET_ROUNDS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** A member joins (and is sent the replay), pings, and leaves with a closing handshake. */
    private void visit(ParleyRelay relay, int message) throws IOException, InterruptedException {
        WarmupInbox visiting = new WarmupInbox();
        try (WarmupSocket visitor = this.visitor = WarmupSocket.open(relay.port(), relay.fingerprint(), visiting)) {
            visitor.sendText(hello("warm-visitor-" + message));
            visiting.await("\"type\":\"welcome\"");
            visitor.sendPing();
            visitor.sendClose();
            visiting.awaitOver();
        }
    }

    private static long compileMillis(CompilationMXBean jit) {
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /**
     * Whether the compilers spent at most a fiftieth of the last round compiling: what the round ran is compiled (with
     * one C2 thread on a small machine, its queue outlasts the traffic that filled it).
     */
    private static boolean compilerQuiet(CompilationMXBean jit, long roundStart, long compiledAtRoundStart) {
        long roundMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart);
        return compileMillis(jit) - compiledAtRoundStart <= roundMillis / 50;
    }

    private static String hello(String nick) {
        return "{\"type\":\"hello\",\"protocol\":2,\"nick\":\"" + nick + "\",\"room\":\"warm-up\","
                + "\"client\":\"parley-warmup\"}";
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
