package dev.parley.client.live;

import dev.parley.protocol.AbortReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A listener's buffer for live streams: chunks come in as the network delivers them, {@link #pump()} sends a steady
 * flow to a {@link PcmSink} at each stream's own sample rate, timed by the injected clock.
 *
 * <p>Rules, per stream:
 * <ul>
 *   <li>it starts playing once {@code startAfter} (default 60 ms) is queued, or at once when its end has come;</li>
 *   <li>on an underrun (the clock asks for audio that has not arrived) it pauses, reports it, and re-buffers as at
 *       the start;</li>
 *   <li>when more than {@code maxQueued} (default 200 ms) has piled up ahead of its clock (a burst after a stall) it
 *       drops the oldest audio down to {@code startAfter}, to be live again (the stored clip still has
 *       everything);</li>
 *   <li>a pump that comes late (the playing thread held up while the speaker opens, on a busy machine, in a garbage
 *       collection) hands over everything the clock asks for by then, late but whole: audio that came in time is
 *       never taken for a pile-up. A stream that was waiting for its start amount starts from when that had come
 *       (while it was the one to play), not from when the pump noticed;</li>
 *   <li>when for {@link #CATCH_UP_AFTER} of playing the queue never held less than {@code startAfter} plus
 *       {@link #CATCH_UP_MIN} (it re-buffered and the late audio then came in a burst under {@code maxQueued}, so it
 *       would stay that much behind for good), it drops the oldest of that surplus and is as live as at its start;</li>
 *   <li>streams play one at a time, in the order they started: a stream that starts while another is there waits
 *       and plays after it, whole (a waiting stream is never trimmed: it is already behind, and nothing of it is
 *       lost);</li>
 *   <li>a stream started {@linkplain #start(LiveKey, PcmFormat, boolean) whole} (someone pressed play on a live
 *       message that began earlier: the owner starts it, then hands it every chunk kept so far) is never trimmed
 *       either: it plays everything from its first chunk;</li>
 *   <li>{@link #end} (its stored message came) lets it play out what is queued, then it is finished;
 *       {@link #abort} stops it at once, queued audio included, playing or waiting; {@link #stop} does the same
 *       because the listener chose to stop hearing it, and says so with {@link Listener#stopped}.</li>
 * </ul>
 *
 * <p>Threads: {@link #start}, {@link #chunk}, {@link #end} and {@link #abort} from the network thread,
 * {@link #stop} from any thread, {@link #pump()} from one playing thread. The sink and the listener are called
 * outside the lock, in order, on the thread whose call caused the event.
 */
public final class JitterBuffer {
    private static final Logger log = LoggerFactory.getLogger(JitterBuffer.class);
    /** Queued audio needed before a stream starts or resumes. */
    public static final Duration DEFAULT_START_AFTER = Duration.ofMillis(60);
    /** More queued than this is dropped (oldest first) down to the start amount. */
    public static final Duration DEFAULT_MAX_QUEUED = Duration.ofMillis(200);
    /** How long a surplus over the start amount must last before it is dropped to catch up. */
    public static final Duration CATCH_UP_AFTER = Duration.ofSeconds(1);
    /** A smaller surplus is kept: dropping is heard, and this much delay is not. */
    public static final Duration CATCH_UP_MIN = Duration.ofMillis(40);

    /** What happens to streams; called on the thread that caused it, outside the buffer's lock. */
    public interface Listener {
        /** {@link #start} took a new stream: it waits for its audio, or for the streams before it. */
        default void began(LiveKey stream) {
        }

        /** The stream's first audio goes to the sink now. */
        void started(LiveKey stream);

        /** The stream ran dry and is re-buffering. */
        void underrun(LiveKey stream);

        /** {@code bytes} of the stream's oldest queued audio were dropped to catch up. */
        void dropped(LiveKey stream, int bytes);

        /** The stream ended and all of it that was kept has gone to the sink. */
        void finished(LiveKey stream);

        /** The stream was aborted; what was queued of it is dropped. */
        void aborted(LiveKey stream, AbortReason reason);

        /** The stream was {@linkplain #stop stopped} here (its sender goes on); what was queued of it is dropped. */
        default void stopped(LiveKey stream) {
        }
    }

    private final PcmSink sink;
    private final Listener listener;
    private final Clock clock;
    private final Duration startAfter;
    private final Duration maxQueued;
    /** In the order they started; the first one is the one that plays. */
    private final Map<LiveKey, LiveQueue> streams = new LinkedHashMap<>();

    public JitterBuffer(PcmSink sink, Listener listener, Clock clock) {
        this(sink, listener, clock, DEFAULT_START_AFTER, DEFAULT_MAX_QUEUED);
    }

    public JitterBuffer(PcmSink sink, Listener listener, Clock clock, Duration startAfter, Duration maxQueued) {
        if (startAfter.isNegative() || maxQueued.compareTo(startAfter) < 0) {
            throw new IllegalArgumentException("start after " + startAfter + ", max queued " + maxQueued);
        }
        this.sink = sink;
        this.listener = listener;
        this.clock = clock;
        this.startAfter = startAfter;
        this.maxQueued = maxQueued;
    }

    /**
     * A stream began, live: it may be trimmed to stay live, unless it has to wait for another one. Again for the same
     * key does nothing. Returns whether the stream is new.
     */
    public boolean start(LiveKey key, PcmFormat format) {
        return start(key, format, false);
    }

    /**
     * A stream began; {@code whole}: it is never trimmed, and plays all it is given from its first chunk (for a
     * stream joined late, whose kept chunks the caller passes to {@link #chunk} right after). Again for a key the
     * buffer has does nothing and returns {@code false}: then the caller must not pass the kept chunks again.
     */
    public boolean start(LiveKey key, PcmFormat format, boolean whole) {
        synchronized (this) {
            if (streams.containsKey(key)) {
                return false;
            }
            boolean untrimmed = whole || !streams.isEmpty();
            streams.put(key, new LiveQueue(format, untrimmed, format.bytesFor(startAfter.toMillis()),
                    format.bytesFor(maxQueued.toMillis())));
        }
        listener.began(key);
        return true;
    }

    /** The next chunk of a stream; chunks of streams it does not know (never started, ended, aborted) are ignored. */
    public synchronized void chunk(LiveKey key, byte[] pcm) {
        LiveQueue q = streams.get(key);
        if (q == null || q.ended) {
            log.debug("ignoring a chunk of {}, which is not playing", key);
            return;
        }
        q.add(pcm);
        if (streams.keySet().iterator().next().equals(key)) {
            q.arrivedAsHead(clock.millis());
        }
    }

    /** The stream's stored message came: no more chunks; it plays out. Returns whether the stream was known. */
    public synchronized boolean end(LiveKey key) {
        LiveQueue q = streams.get(key);
        if (q == null) {
            return false;
        }
        q.ended = true;
        return true;
    }

    /** Stops a stream now and drops what is queued of it. Returns whether it was known. */
    public boolean abort(LiveKey key, AbortReason reason) {
        boolean known = remove(key);
        if (known) {
            listener.aborted(key, reason);
        }
        return known;
    }

    /**
     * Stops a stream here, playing or waiting, and drops what is queued of it; its later chunks are ignored (start it
     * again, whole, to hear it from the beginning). Reported as {@link Listener#stopped}. Returns whether it was known.
     */
    public boolean stop(LiveKey key) {
        boolean known = remove(key);
        if (known) {
            listener.stopped(key);
        }
        return known;
    }

    private synchronized boolean remove(LiveKey key) {
        return streams.remove(key) != null;
    }

    /** Whether the stream is playing or waiting here (started, and not yet finished, aborted or stopped). */
    public synchronized boolean contains(LiveKey key) {
        return streams.containsKey(key);
    }

    /** Whether the stream is here behind another one, waiting for its turn. */
    public synchronized boolean waiting(LiveKey key) {
        return streams.containsKey(key) && !streams.keySet().iterator().next().equals(key);
    }

    /** {@linkplain #stop Stops} every stream, playing or waiting. */
    public void stopAll() {
        removeAll().forEach(listener::stopped);
    }

    /** Aborts every stream (the connection dropped). */
    public void abortAll(AbortReason reason) {
        removeAll().forEach(k -> listener.aborted(k, reason));
    }

    private synchronized List<LiveKey> removeAll() {
        List<LiveKey> keys = new ArrayList<>(streams.keySet());
        streams.clear();
        return keys;
    }

    /** Whether any stream is playing or waiting. */
    public synchronized boolean isIdle() {
        return streams.isEmpty();
    }

    /** Sends the sink the audio that is due by the clock now; call it often (every 10 ms) from one thread. */
    public void pump() {
        List<Runnable> out = new ArrayList<>();
        synchronized (this) {
            long now = clock.millis();
            while (!streams.isEmpty() && pumpHead(now, out)) {
                // the head finished: the next stream may start in the same turn
            }
        }
        out.forEach(Runnable::run);
    }

    /** Plays the first stream; returns whether it finished (so the next one should be looked at). */
    private boolean pumpHead(long now, List<Runnable> out) {
        Map.Entry<LiveKey, LiveQueue> head = streams.entrySet().iterator().next();
        LiveKey key = head.getKey();
        LiveQueue q = head.getValue();
        LiveQueue.Turn turn = q.pump(now, CATCH_UP_AFTER.toMillis(), q.format.bytesFor(CATCH_UP_MIN.toMillis()));
        if (turn.trimmed() > 0) {
            out.add(() -> listener.dropped(key, turn.trimmed()));
        }
        if (turn.started()) {
            out.add(() -> listener.started(key));
        }
        if (turn.pcm().length > 0) {
            out.add(() -> sink.write(key, q.format, turn.pcm()));
        }
        if (turn.caughtUp() > 0) {
            out.add(() -> listener.dropped(key, turn.caughtUp()));
        }
        if (turn.underrun()) {
            out.add(() -> listener.underrun(key));
        }
        if (turn.finished()) {
            streams.remove(key);
            out.add(() -> listener.finished(key));
        }
        return turn.finished();
    }
}
