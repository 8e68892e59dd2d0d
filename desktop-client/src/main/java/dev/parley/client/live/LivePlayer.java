package dev.parley.client.live;

import dev.parley.client.sound.VoiceIo;
import dev.parley.protocol.AbortReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Plays live streams on the speaker: owns a {@link JitterBuffer} (fed by {@link LiveListening} through
 * {@link #buffer()}), pumps it every {@link #PUMP_MILLIS} ms, and writes each stream to a {@link VoiceIo.Stream} of
 * its own, opened at the stream's first audio. Every event of the buffer goes on to the owner's listener.
 *
 * <p>Per stream: first audio: a line opens; audio: it is written; finished: the line drains, closes, then
 * {@code finished} goes on; aborted or stopped: the line closes at once (without waiting for what it holds). One
 * stream plays at a time (the buffer plays them in turn). A device that fails (missing, busy, unplugged) is
 * reported once for that stream as a sentence to {@code problems}, then the stream is {@linkplain JitterBuffer#stop
 * stopped} here (the owner hears {@code stopped}); the next stream opens a line again.
 *
 * <p>Threads: one daemon thread, {@value #THREAD_NAME}, pumps the buffer while it has streams and sleeps (parked)
 * while it has none, woken when one begins. It alone opens, writes, drains and closes lines, and delivers
 * {@code started}, {@code underrun}, {@code dropped}, {@code finished} and the {@code problems} sentences. The other
 * events come on the thread that caused them ({@code began}, {@code aborted} on the network thread; {@code stopped}
 * on the caller of {@link JitterBuffer#stop}), which only hands the line to the pump thread to close: no caller
 * waits on the sound device, so the FX thread may stop a stream. A stream's own events come in order ({@code began}
 * first: its audio comes after {@link JitterBuffer#start} returns), but those from other threads may reach the
 * owner before or after the pump thread's events of another stream (the next stream's {@code started} may come
 * before this one's {@code stopped}). {@link #close()} ends it all, on the pump thread too.
 */
public final class LivePlayer implements PcmSink, JitterBuffer.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LivePlayer.class);
    public static final String THREAD_NAME = "parley-live-player";
    /** How often the buffer is pumped while a stream is there. */
    public static final long PUMP_MILLIS = 10;
    private static final long PUMP_NANOS = TimeUnit.MILLISECONDS.toNanos(PUMP_MILLIS);
    private static final int GONE_KEPT = 32;

    private final VoiceIo io;
    private final JitterBuffer.Listener downstream;
    private final Consumer<String> problems;
    private final Thread thread;
    /** Set once by {@link #create}, before the pump thread starts. */
    private volatile JitterBuffer buffer;

    private final Object lock = new Object();
    /** The stream whose line is open or opening; guarded by {@link #lock}. */
    private LiveKey lineKey;
    /** Its line, {@code null} while it opens; guarded by {@link #lock}. */
    private VoiceIo.Stream line;
    /** Lines taken from their stream (aborted, stopped) for the pump thread to close; guarded by {@link #lock}. */
    private final List<VoiceIo.Stream> toClose = new ArrayList<>();
    /**
     * Streams aborted or stopped, the latest {@link #GONE_KEPT}: audio of theirs the buffer handed over just before
     * must not open a line (again). A stream that begins again leaves it. Guarded by {@link #lock}.
     */
    private final Set<LiveKey> gone = new LinkedHashSet<>();
    private boolean closed;

    private LivePlayer(VoiceIo io, JitterBuffer.Listener downstream, Consumer<String> problems) {
        this.io = Objects.requireNonNull(io);
        this.downstream = Objects.requireNonNull(downstream);
        this.problems = Objects.requireNonNull(problems);
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * A player with a buffer of the default start and catch-up amounts on {@code clock}, already running.
     *
     * @param downstream hears every event of the buffer, after the player acted on it
     * @param problems   gets a sentence for people when the speaker fails, on the pump thread
     */
    public static LivePlayer create(VoiceIo io, Clock clock, JitterBuffer.Listener downstream,
                                    Consumer<String> problems) {
        LivePlayer player = new LivePlayer(io, downstream, problems);
        player.buffer = new JitterBuffer(player, player, clock);
        player.thread.start();
        return player;
    }

    /** The buffer to feed ({@link LiveListening}) and to {@linkplain JitterBuffer#stop stop} streams in. */
    public JitterBuffer buffer() {
        return buffer;
    }

    /**
     * Stops the pump thread, which closes the lines on its way out (dropping what they hold unplayed) within a pump,
     * or at most the line's buffer if it was letting a stream play out; returns at once, so the FX thread may call
     * it. Nothing plays after; the buffer's events still go to the owner. Again does nothing.
     */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        LockSupport.unpark(thread);
    }

    private void run() {
        long next = System.nanoTime();
        while (!isClosed()) {
            closeDetached();
            if (buffer.isIdle()) {
                LockSupport.park(this); // began() or close() wakes it
                next = System.nanoTime();
                continue;
            }
            try {
                buffer.pump();
            } catch (RuntimeException e) {
                log.error("live playback failed", e);
            }
            next += PUMP_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            } else {
                next = System.nanoTime(); // late: the buffer's clock catches up, not the pumps
            }
        }
        List<VoiceIo.Stream> lines;
        synchronized (lock) {
            lines = detachAll();
        }
        lines.forEach(VoiceIo.Stream::close);
    }

    // ---------------------------------------------------------------- the sink, on the pump thread

    @Override
    public void write(LiveKey stream, PcmFormat format, byte[] pcm) {
        VoiceIo.Stream out = lineFor(stream, format);
        if (out == null) {
            return;
        }
        try {
            out.write(pcm);
        } catch (VoiceIo.VoiceUnavailableException e) {
            synchronized (lock) {
                if (line != out) {
                    return; // closed on purpose meanwhile
                }
                line = null;
                lineKey = null;
            }
            out.close();
            failed(stream, e.getMessage());
        }
    }

    /** The stream's line, opened now if this is its first audio; {@code null} if there is none to write to. */
    private VoiceIo.Stream lineFor(LiveKey stream, PcmFormat format) {
        List<VoiceIo.Stream> stale = List.of();
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (stream.equals(lineKey)) {
                return line; // null: it failed to open, or is opening
            }
            if (gone.contains(stream)) {
                return null; // aborted or stopped after the buffer handed this over
            }
            if (line != null) {
                // the stream before was aborted or stopped, and that event is still on its way here
                log.debug("{} plays while the line of {} is open; closing that line", stream, lineKey);
                stale = List.of(line);
            }
            lineKey = stream;
            line = null;
        }
        stale.forEach(VoiceIo.Stream::close);
        VoiceIo.Stream opened;
        try {
            opened = io.openStream(format.sampleRate(), format.channels());
        } catch (VoiceIo.VoiceUnavailableException e) {
            synchronized (lock) {
                if (!stream.equals(lineKey)) {
                    return null; // aborted or stopped meanwhile: nothing to report
                }
                lineKey = null;
            }
            failed(stream, e.getMessage());
            return null;
        }
        synchronized (lock) {
            if (!closed && stream.equals(lineKey)) {
                line = opened;
                return opened;
            }
        }
        opened.close(); // aborted, stopped or closed while it opened
        return null;
    }

    private void failed(LiveKey stream, String sentence) {
        log.info("live stream {} cannot play: {}", stream, sentence);
        problems.accept(sentence);
        buffer.stop(stream);
    }

    // ---------------------------------------------------------------- the buffer's events

    @Override
    public void began(LiveKey stream) {
        synchronized (lock) {
            gone.remove(stream);
        }
        downstream.began(stream);
        LockSupport.unpark(thread);
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

    /** On the pump thread: everything was written; let the line play it out, then close it. */
    @Override
    public void finished(LiveKey stream) {
        VoiceIo.Stream out;
        synchronized (lock) {
            out = stream.equals(lineKey) ? line : null;
        }
        if (out != null) {
            out.drain(); // close() or an abort meanwhile closes the line, which ends the drain
            synchronized (lock) {
                if (line == out) {
                    line = null;
                    lineKey = null;
                }
            }
            out.close();
        }
        downstream.finished(stream);
    }

    @Override
    public void aborted(LiveKey stream, AbortReason reason) {
        letGo(stream);
        downstream.aborted(stream, reason);
    }

    @Override
    public void stopped(LiveKey stream) {
        letGo(stream);
        downstream.stopped(stream);
    }

    /** Takes the stream's line (if it has one) for the pump thread to close at once. */
    private void letGo(LiveKey stream) {
        synchronized (lock) {
            // gone even when it has its line: audio the buffer handed over just before must not open another one
            gone.add(stream);
            if (gone.size() > GONE_KEPT) {
                Iterator<LiveKey> oldest = gone.iterator();
                oldest.next();
                oldest.remove();
            }
            if (!stream.equals(lineKey)) {
                return;
            }
            if (line != null) {
                toClose.add(line);
            }
            line = null;
            lineKey = null;
        }
        LockSupport.unpark(thread);
    }

    private void closeDetached() {
        List<VoiceIo.Stream> lines;
        synchronized (lock) {
            if (toClose.isEmpty()) {
                return;
            }
            lines = new ArrayList<>(toClose);
            toClose.clear();
        }
        lines.forEach(VoiceIo.Stream::close);
    }

    /** Under {@link #lock}: every line, detached from its stream. */
    private List<VoiceIo.Stream> detachAll() {
        List<VoiceIo.Stream> lines = new ArrayList<>(toClose);
        toClose.clear();
        if (line != null) {
            lines.add(line);
        }
        line = null;
        lineKey = null;
        return lines;
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
