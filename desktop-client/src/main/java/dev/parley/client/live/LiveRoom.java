package dev.parley.client.live;

import dev.parley.client.net.LiveVoiceEvents;
import dev.parley.client.sound.Levels;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The live streams of one room as this app hears them: which are running, what has come of each, and which go to
 * the speaker. A stream goes to the speaker at once when walkie-talkie mode ({@code autoPlay}) is on (behind any
 * other voice already there, whose turn it waits for); otherwise it is heard when the person presses play on its card
 * ({@link #listen}), from its first chunk and whole (it is behind by then, and nothing of it is dropped). Its stored
 * message ends it; {@code voice-abort} or a dropped connection stops it.
 *
 * <p>Threads: the connection's read thread calls the {@link LiveVoiceEvents} methods, the FX thread
 * {@link #listen} and {@link #stopListening}; all are short (the buffer's calls never block). {@link Cards} is
 * called under the room's lock, so cards see a stream's events in order: implementations hand each to the UI
 * thread and return.
 */
public final class LiveRoom implements LiveVoiceEvents {
    /** What the timeline's live cards need to know; implementations hand each call to the UI thread. */
    public interface Cards {
        /**
         * A stream began (or, for a late joiner, was running); {@code heard}: it is going to the speaker now. One that
         * waits behind another voice is opened not heard: it is heard once its audio starts (the buffer's
         * {@link JitterBuffer.Listener#started}).
         */
        void opened(LiveKey stream, boolean heard);

        /** More of a stream came: the loudest sample of the piece (0 to 1) and the stream's length so far. */
        void audio(LiveKey stream, float peak, long millisSoFar);

        /** The stream ended without being stored. */
        void aborted(LiveKey stream, AbortReason reason);
    }

    /** One running stream: its format and every chunk so far (for a listener who presses play late). */
    private static final class Stream {
        final PcmFormat format;
        final ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        boolean heard;

        Stream(PcmFormat format) {
            this.format = format;
        }
    }

    private final JitterBuffer buffer;
    private final BooleanSupplier autoPlay;
    private final Cards cards;
    private final Map<LiveKey, Stream> streams = new LinkedHashMap<>();

    /** @param autoPlay read on the network thread at each stream's start: back it with something thread-safe */
    public LiveRoom(JitterBuffer buffer, BooleanSupplier autoPlay, Cards cards) {
        this.buffer = buffer;
        this.autoPlay = autoPlay;
        this.cards = cards;
    }

    @Override
    public synchronized void started(ServerMessage.VoiceStart start) {
        LiveKey key = new LiveKey(start.from(), start.id());
        if (streams.containsKey(key)) {
            return;
        }
        Stream s = new Stream(new PcmFormat(start.sampleRate(), start.channels()));
        streams.put(key, s);
        s.heard = autoPlay.getAsBoolean();
        if (s.heard) {
            buffer.start(key, s.format);
        }
        cards.opened(key, s.heard && !buffer.waiting(key));
    }

    @Override
    public synchronized void chunk(ServerMessage.VoiceChunk chunk, byte[] pcm) {
        LiveKey key = new LiveKey(chunk.from(), chunk.id());
        Stream s = streams.get(key);
        if (s == null) {
            return;
        }
        s.pcm.write(pcm, 0, pcm.length);
        if (s.heard) {
            buffer.chunk(key, pcm);
        }
        cards.audio(key, (float) Levels.of(pcm, 0, pcm.length).peak(), (long) s.pcm.size() / s.format.frameBytes() * 1000 / s.format.sampleRate());
    }

    @Override
    public synchronized void aborted(ServerMessage.VoiceAbort abort) {
        LiveKey key = new LiveKey(abort.from(), abort.id());
        if (streams.remove(key) != null) {
            buffer.abort(key, abort.reason());
            cards.aborted(key, abort.reason());
        }
    }

    @Override
    public synchronized void stored(ServerMessage.Voice voice) {
        LiveKey key = new LiveKey(voice.from(), voice.id());
        Stream s = streams.remove(key);
        if (s != null && s.heard) {
            buffer.end(key); // it plays out what is queued; the stored card takes its place
        }
    }

    @Override
    public synchronized void lost() {
        List<LiveKey> keys = new ArrayList<>(streams.keySet());
        streams.clear();
        buffer.abortAll(AbortReason.INTERRUPTED);
        keys.forEach(k -> cards.aborted(k, AbortReason.INTERRUPTED));
    }

    /**
     * Sends a running stream to the speaker from its first chunk (the person pressed play on its card). Returns
     * whether it is now heard ({@code false}: it is no longer running).
     */
    public synchronized boolean listen(LiveKey key) {
        Stream s = streams.get(key);
        if (s == null) {
            return false;
        }
        // heard, but no longer in the buffer: the live player stopped it there (the speaker failed); hear it again
        if (!s.heard || !buffer.contains(key)) {
            s.heard = true;
            if (buffer.start(key, s.format, true) && s.pcm.size() > 0) {
                buffer.chunk(key, s.pcm.toByteArray()); // only into a stream the buffer did not have: never twice
            }
        }
        return true;
    }

    /** Stops hearing a stream (the person pressed pause on its card, or played another clip). */
    public synchronized void stopListening(LiveKey key) {
        Stream s = streams.get(key);
        if (s != null) {
            s.heard = false;
        }
        buffer.stop(key);
    }

    /** Stops hearing every stream, playing or waiting for the speaker (the person played something by hand). */
    public synchronized void stopListeningAll() {
        streams.values().forEach(s -> s.heard = false);
        buffer.stopAll(); // also the streams already stored that are still playing out
    }

    /** Whether a stream is playing or waiting for the speaker: clips wait until none is. */
    public boolean speakerTaken() {
        return !buffer.isIdle();
    }

    /** Whether {@code key} is playing or waiting for the speaker (its stored message may have come already). */
    public boolean toSpeaker(LiveKey key) {
        return buffer.contains(key);
    }

    /** Whether {@code key} is running (started, not yet stored or aborted). */
    public synchronized boolean running(LiveKey key) {
        return streams.containsKey(key);
    }
}
