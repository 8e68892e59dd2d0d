package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Decides what the speaker plays next, one voice at a time: a clip played by hand, clips auto-played in the order they
 * arrived, and live streams, which never mix with a clip.
 *
 * <p>Rules: playing a clip by hand stops the one before, forgets the clips waiting and stops hearing live streams. A
 * live stream that takes the speaker pauses the clip playing, which resumes once no live stream plays or waits for
 * the speaker any more; arriving clips wait behind the clip playing and behind every live stream playing or waiting.
 * A stored clip whose live stream is still waiting for the speaker is not queued a second time: it counts as played
 * once its stream starts.
 *
 * <p>Plain Java on one thread (the FX thread in the app); it only decides, and its {@link Speaker} does the work.
 *
 * @param <C> a clip
 */
final class SpeakerQueue<C> {
    /** What the queue drives. */
    interface Speaker<C> {
        /** Starts {@code clip} (the clip before it was stopped already); {@code false}: it cannot be played now. */
        boolean play(C clip);

        void pause(C clip);

        void resume(C clip);

        void stop(C clip);

        /** Stops hearing every live stream, playing or waiting for the speaker. */
        void stopLive();

        /** Whether a live stream is playing or waiting for the speaker. */
        boolean liveTaken();

        /** Whether {@code stream} is playing or waiting for the speaker. */
        boolean liveToSpeaker(LiveKey stream);

        /** A stored clip whose live stream has started to play: it counts as played. */
        void heardLive(C clip);
    }

    private final Speaker<C> speaker;
    private final Deque<C> waiting = new ArrayDeque<>();
    /** Live streams playing now, as the live player reported them. */
    private final Set<LiveKey> heardLive = new LinkedHashSet<>();
    /** Stored clips whose live stream waits for the speaker, by stream. */
    private final Map<LiveKey, C> storedBehindLive = new HashMap<>();
    private C current;
    private boolean paused;
    /** The clip playing was paused because a live stream took the speaker. */
    private boolean pausedForLive;
    /** The room was left: nothing plays any more. */
    private boolean closed;

    SpeakerQueue(Speaker<C> speaker) {
        this.speaker = speaker;
    }

    /** The clip playing or paused, or {@code null}. */
    C current() {
        return current;
    }

    boolean paused() {
        return paused;
    }

    /** Whether a live stream is playing. */
    boolean hearingLive() {
        return !heardLive.isEmpty();
    }

    /** By hand: plays, pauses or resumes {@code clip}. */
    void toggle(C clip) {
        if (clip != current) {
            waiting.clear();
            stopLive();
            play(clip);
        } else if (paused) {
            stopLive(); // resumed by hand: the live stream stops, never mixed with the clip
            resume();
        } else {
            speaker.pause(clip);
            paused = true;
        }
    }

    /** By hand: the person chose to hear a live stream; everything else stops. Then call {@link #liveStarting}. */
    void clearForLive() {
        waiting.clear();
        stopCurrent();
        stopLive();
    }

    /** A live stream goes to the speaker: the clip playing, if any, pauses until no live stream is heard. */
    void liveStarting(LiveKey stream) {
        heardLive.add(stream);
        C stored = storedBehindLive.remove(stream);
        if (stored != null) {
            speaker.heardLive(stored);
        }
        pauseForLive();
    }

    /** A live stream stopped going to the speaker (played out, stopped or aborted), or will not go there after all. */
    void liveEnded(LiveKey stream) {
        heardLive.remove(stream);
        storedBehindLive.remove(stream);
        if (!heardLive.isEmpty() || speaker.liveTaken()) {
            return; // another stream plays or waits: the clips go on after it
        }
        if (current == null) {
            playNext();
        } else if (pausedForLive) {
            pausedForLive = false;
            resume();
        }
    }

    /** A clip to auto-play arrived (stored message {@code stream} of a live stream, or {@code null}). */
    void arrived(C clip, LiveKey stream) {
        if (closed) {
            return;
        }
        if (stream != null && heardLive.contains(stream)) {
            speaker.heardLive(clip); // being heard live now
        } else if (stream != null && speaker.liveToSpeaker(stream)) {
            storedBehindLive.put(stream, clip); // it will be heard live
        } else if (current == null && heardLive.isEmpty() && !speaker.liveTaken()) {
            play(clip);
        } else {
            waiting.addLast(clip);
        }
    }

    /** The clip playing ended: played out, or it failed. The next one plays unless a live stream has the speaker. */
    void ended(C clip) {
        if (clip != current) {
            return;
        }
        stopCurrent();
        if (heardLive.isEmpty() && !speaker.liveTaken()) {
            playNext();
        }
    }

    /** The clip playing could not start (the speaker refused): nothing more plays until something else happens. */
    void halted(C clip) {
        if (clip == current) {
            stopCurrent();
        }
    }

    /** Stops whatever clip plays and forgets the queue. */
    void stop() {
        waiting.clear();
        stopCurrent();
    }

    /** Leaving the room: stops what plays, and nothing plays after. */
    void close() {
        closed = true;
        storedBehindLive.clear();
        stop();
    }

    private void play(C clip) {
        stopCurrent();
        if (closed) {
            return;
        }
        current = clip; // before the speaker starts it, which may report its end at once
        paused = false;
        if (!speaker.play(clip)) {
            current = null;
        } else if (current == clip) {
            pauseForLive(); // a live stream has the speaker already: the clip waits, paused, for its end
        }
    }

    private void playNext() {
        C next = waiting.pollFirst();
        if (next != null) {
            play(next);
        }
    }

    private void pauseForLive() {
        if (current != null && !paused && !heardLive.isEmpty()) {
            speaker.pause(current);
            paused = true;
            pausedForLive = true;
        }
    }

    private void resume() {
        speaker.resume(current);
        paused = false;
    }

    private void stopLive() {
        heardLive.clear();
        storedBehindLive.clear();
        pausedForLive = false;
        speaker.stopLive();
    }

    private void stopCurrent() {
        C was = current;
        current = null;
        paused = false;
        pausedForLive = false;
        if (was != null) {
            speaker.stop(was);
        }
    }
}
