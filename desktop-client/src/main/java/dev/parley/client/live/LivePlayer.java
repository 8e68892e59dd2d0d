package dev.parley.client.live;

import dev.parley.client.sound.VoiceIo;
import dev.parley.protocol.AbortReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Live streams to the speaker: a {@link JitterBuffer} and the thread ({@code parley-live-player}) that pumps it
 * every {@value #PUMP_MILLIS} ms into speaker lines ({@link VoiceIo#openStream}), one line per stream, opened at its
 * first audio and closed at its end. The thread sleeps while no stream is there and wakes when one starts.
 *
 * <p>Every line is opened, written, drained and closed on that one thread: an abort or stop (from the network or
 * the FX thread) only queues the stream's line to be closed, and the buffer gives no more audio for it. The buffer's
 * events go on to {@code downstream} (the UI), on the thread that caused them. A speaker that cannot be opened or
 * goes away is said once per stream ({@code problems}, a sentence) and that stream stops; the next one tries again.
 */
public final class LivePlayer implements PcmSink, JitterBuffer.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivePlayer.class);
    static final String THREAD_NAME = "parley-live-player";
    /** How often the buffer is pumped: each write to the speaker is about this much audio. */
    static final long PUMP_MILLIS = 10;
    /** The longest sleep while idle, in case a wake-up was missed. */
    private static final long IDLE_MILLIS = 500;

    private final VoiceIo io;
    private final JitterBuffer.Listener downstream;
    private final Consumer<String> problems;
    private final JitterBuffer buffer;
    private final Thread thread;
    private final Queue<LiveKey> toClose = new ConcurrentLinkedQueue<>();
    /** Lines by stream; only the pumping thread touches these two. */
    private final Map<LiveKey, VoiceIo.Stream> lines = new HashMap<>();
    private final Set<LiveKey> failed = new HashSet<>();
    private volatile boolean running = true;

    private LivePlayer(VoiceIo io, JitterBuffer.Listener downstream, Consumer<String> problems, Clock clock) {
        this.io = io;
        this.downstream = downstream;
        this.problems = problems;
        this.buffer = new JitterBuffer(this, this, clock);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /** A player whose buffer's events go to {@code downstream}; {@link #start()} it. */
    public static LivePlayer create(VoiceIo io, JitterBuffer.Listener downstream, Consumer<String> problems,
                                    Clock clock) {
        LivePlayer player = new LivePlayer(io, downstream, problems, clock);
        player.buffer.onStart(player::wake);
        return player;
    }

    /** Where live streams go in ({@link LiveRoom} feeds it). */
    public JitterBuffer buffer() {
        return buffer;
    }

    public void start() {
        thread.start();
    }

    private void wake() {
        LockSupport.unpark(thread);
    }

    private void run() {
        long next = System.nanoTime();
        while (running) {
            closeQueued();
            if (buffer.isIdle()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                next = System.nanoTime();
                continue;
            }
            try {
                buffer.pump();
            } catch (RuntimeException e) {
                log.warn("live playback failed", e);
            }
            next += TimeUnit.MILLISECONDS.toNanos(PUMP_MILLIS);
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime(); // late (a pause, a busy core): the buffer's clock catches up by itself
            }
        }
        closeQueued();
        lines.values().forEach(VoiceIo.Stream::close);
        lines.clear();
    }

    private void closeQueued() {
        LiveKey key;
        while ((key = toClose.poll()) != null) {
            VoiceIo.Stream line = lines.remove(key);
            if (line != null) {
                line.close();
            }
            failed.remove(key);
        }
    }

    /** On the pumping thread. */
    @Override
    public void write(LiveKey stream, PcmFormat format, byte[] pcm) {
        if (failed.contains(stream)) {
            return;
        }
        try {
            VoiceIo.Stream line = lines.get(stream);
            if (line == null) {
                line = io.openStream(format.sampleRate(), format.channels());
                lines.put(stream, line);
            }
            line.write(pcm);
        } catch (VoiceIo.VoiceUnavailableException e) {
            log.info("cannot play {} live: {}", stream, e.getMessage());
            failed.add(stream);
            VoiceIo.Stream line = lines.remove(stream);
            if (line != null) {
                line.close();
            }
            problems.accept(e.getMessage());
            buffer.stop(stream);
        }
    }

    @Override
    public void started(LiveKey stream) {
        downstream.started(stream);
    }

    @Override
    public void underrun(LiveKey stream) {
        downstream.underrun(stream);
    }

    @Override
    public void dropped(LiveKey stream, int bytes) {
        downstream.dropped(stream, bytes);
    }

    /** On the pumping thread, after the stream's last audio was written: it plays out, then its line closes. */
    @Override
    public void finished(LiveKey stream) {
        VoiceIo.Stream line = lines.remove(stream);
        if (line != null) {
            line.drain();
            line.close();
        }
        failed.remove(stream);
        downstream.finished(stream);
    }

    @Override
    public void aborted(LiveKey stream, AbortReason reason) {
        toClose.add(stream);
        wake();
        downstream.aborted(stream, reason);
    }

    @Override
    public void stopped(LiveKey stream) {
        toClose.add(stream);
        wake();
        downstream.stopped(stream);
    }

    /** Stops the thread and closes every line (waits up to a second for the thread). */
    @Override
    public void close() {
        running = false;
        wake();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
