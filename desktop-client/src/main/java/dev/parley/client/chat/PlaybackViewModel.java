package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Plays voice clips one at a time: {@link #toggle} plays, pauses or resumes; starting another clip stops the
 * current one. With auto-play on (walkie-talkie mode), clips arriving from others are queued and played in
 * arrival order. Clips play at {@link #speedProperty() the speed chosen} (one of {@link #SPEEDS}, pitch kept), and a
 * change applies to the clip playing too.
 *
 * <p>Live messages (protocol 2) share the speaker without ever mixing: one going to the speaker pauses the clip
 * playing, which resumes when no live message is heard any more; clips arriving meanwhile wait in the queue; playing
 * a clip by hand stops hearing live messages (their stored messages keep everything). A message heard live is not
 * played again when its stored message arrives.
 *
 * <p>FX thread only; playback and live events come in through the {@link UiThread} door.
 */
public final class PlaybackViewModel {
    private static final Logger log = LoggerFactory.getLogger(PlaybackViewModel.class);
    /** The speeds offered, in the order the speed button steps through them. */
    public static final double[] SPEEDS = {1, 1.5, 2};

    private final VoiceIo io;
    private final UiThread ui;
    private final Executor disk;
    private final Executor audio;
    private final LiveRoom live;
    /** Live messages going to the speaker now. */
    private final Set<LiveKey> heardLive = new LinkedHashSet<>();
    /** The clip playing was paused because a live message took the speaker. */
    private boolean pausedForLive;
    private final Function<String, String> saveFailed;
    private final BooleanProperty autoPlay;
    private final Consumer<String> notice;
    private final String noSpeakerText;
    private final Deque<TimelineItem> queue = new ArrayDeque<>();
    private final ReadOnlyObjectWrapper<TimelineItem> current = new ReadOnlyObjectWrapper<>();
    private final DoubleProperty speed = new SimpleDoubleProperty(1);
    private VoiceIo.Playback playback;
    private boolean paused;
    private int generation;
    /** The room was left: nothing plays any more (the session's executors are shut down). */
    private boolean closed;

    /**
     * @param disk       where clips are read from and saved to disk (never the FX thread)
     * @param audio      where the speaker is opened (never the FX thread)
     * @param live       the room's live messages
     * @param saveFailed the notice for a clip that could not be saved or read, from the system's reason
     */
    public PlaybackViewModel(VoiceIo io, UiThread ui, Executor disk, Executor audio, LiveRoom live,
                             BooleanProperty autoPlay, Consumer<String> notice, String noSpeakerText,
                             Function<String, String> saveFailed) {
        this.io = io;
        this.ui = ui;
        this.disk = disk;
        this.audio = audio;
        this.live = live;
        this.saveFailed = saveFailed;
        this.autoPlay = autoPlay;
        this.notice = notice;
        this.noSpeakerText = noSpeakerText;
        speed.addListener((o, a, b) -> speedChanged(b.doubleValue()));
    }

    /** The playback speed, one of {@link #SPEEDS}; anything else set here becomes the nearest of them. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    /** Steps to the next of {@link #SPEEDS}, after the last back to the first (1x, 1.5x, 2x, 1x...). */
    public void nextSpeed() {
        for (int i = 0; i < SPEEDS.length; i++) {
            if (SPEEDS[i] == speed.get()) {
                speed.set(SPEEDS[(i + 1) % SPEEDS.length]);
                return;
            }
        }
        speed.set(SPEEDS[0]);
    }

    /** A speed as the button shows it: "1×", "1.5×", "2×". */
    public static String speedText(double value) {
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%s", value)) + "\u00d7";
    }

    private void speedChanged(double value) {
        double nearest = SPEEDS[0];
        for (double s : SPEEDS) {
            if (Math.abs(s - value) < Math.abs(nearest - value)) {
                nearest = s;
            }
        }
        if (nearest != value) {
            speed.set(nearest); // comes back here with an offered speed
            return;
        }
        if (playback != null) {
            playback.speed(value);
        }
    }

    /** The clip playing or paused, or {@code null}. */
    public ReadOnlyObjectProperty<TimelineItem> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public boolean isPaused() {
        return paused;
    }

    /** Play, pause or resume {@code item}; for a live message, start or stop hearing it. */
    public void toggle(TimelineItem item) {
        if (item.live() != null) {
            toggleLive(item);
            return;
        }
        if (item == current.get() && playback == null) {
            stop(); // still starting: a second click means stop
            return;
        }
        if (item == current.get() && playback != null) {
            if (paused) {
                stopHearingLive(); // resumed by hand: the live message stops, never mixed with the clip
                resumeCurrent();
            } else {
                pauseCurrent();
            }
            return;
        }
        queue.clear();
        stopHearingLive();
        play(item);
    }

    private void toggleLive(TimelineItem item) {
        LiveKey key = item.live().stream();
        if (item.live().heardProperty().get()) {
            live.stopListening(key);
            return;
        }
        if (item.live().stoppedProperty().get() != null) {
            return; // interrupted: its resend will be an ordinary clip
        }
        if (!io.hasOutput()) {
            notice.accept(noSpeakerText);
            return;
        }
        stopHearingLive();
        queue.clear();
        stopCurrent();
        if (live.listen(key)) {
            liveStarting(key);
        }
    }

    private void stopHearingLive() {
        for (LiveKey key : Set.copyOf(heardLive)) {
            live.stopListening(key);
        }
        heardLive.clear();
        pausedForLive = false;
    }

    /** A live message is about to go to the speaker: the clip playing, if any, pauses until no live one is heard. */
    public void liveStarting(LiveKey key) {
        heardLive.add(key);
        pauseForLive();
    }

    /** Pauses the clip playing, if any, for the live message that has the speaker. */
    private void pauseForLive() {
        if (playback != null && !paused) {
            pauseCurrent();
            pausedForLive = true;
        }
    }

    /** A live message stopped going to the speaker (played out, stopped or aborted). */
    public void liveEnded(LiveKey key) {
        if (!heardLive.remove(key) || !heardLive.isEmpty()) {
            return;
        }
        if (pausedForLive && playback != null) {
            pausedForLive = false;
            resumeCurrent();
        } else if (current.get() == null) {
            playNext();
        }
    }

    private void pauseCurrent() {
        playback.pause();
        paused = true;
        current.get().playingProperty().set(false);
    }

    private void resumeCurrent() {
        playback.resume();
        paused = false;
        current.get().playingProperty().set(true);
    }

    /** Plays the first clip waiting in the queue, if any. */
    private void playNext() {
        TimelineItem next = queue.pollFirst();
        if (next != null) {
            play(next);
        }
    }

    /** Whether a live message is going to the speaker. */
    public boolean hearingLive() {
        return !heardLive.isEmpty();
    }

    /**
     * A clip arrived from someone else: queued when auto-play is on, unless it was already heard (as it was spoken);
     * it waits while a clip plays or a live message is heard.
     */
    public void arrived(TimelineItem item) {
        if (item.kind() != TimelineItem.Kind.VOICE || !autoPlay.get() || item.playedProperty().get()) {
            return;
        }
        if (current.get() == null && heardLive.isEmpty()) {
            play(item);
        } else {
            queue.addLast(item);
        }
    }

    /** Stops whatever plays and forgets the queue. */
    public void stop() {
        queue.clear();
        stopCurrent();
    }

    /**
     * Leaving the room: stops whatever plays, and nothing plays after, though events handed to the FX thread before
     * the session closed (a clip arriving, a live message ending) still come.
     */
    public void close() {
        closed = true;
        stop();
    }

    /** Writes a clip to a .wav file, off the FX thread; a failure becomes a notice. */
    public void save(TimelineItem item, Path file) {
        save(item, file, () -> { });
    }

    /** Saves the clip as a .wav file off the FX thread; {@code saved} runs on the UI thread once it is written. */
    public void save(TimelineItem item, Path file, Runnable saved) {
        ClipData clip = item.clip();
        disk.execute(() -> {
            try {
                Files.write(file, clip.load());
                ui.run(saved);
            } catch (IOException e) {
                log.warn("cannot save clip to {}: {}", file, e.toString());
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                ui.run(() -> notice.accept(saveFailed.apply(why)));
            }
        });
    }

    private void play(TimelineItem item) {
        stopCurrent();
        if (closed) {
            return;
        }
        if (!io.hasOutput()) {
            notice.accept(noSpeakerText);
            return;
        }
        int mine = ++generation;
        paused = false;
        current.set(item);
        item.playedProperty().set(true);
        item.playingProperty().set(true);
        item.progressProperty().set(0);
        ClipData clip = item.clip();
        Events events = new Events(mine, item);
        double rate = speed.get();
        byte[] ready = clip.loadNow();
        if (ready != null) {
            audio.execute(() -> open(mine, ready, rate, events));
            return;
        }
        disk.execute(() -> { // reading the clip can wait on a disk, opening the speaker on a driver
            byte[] wav;
            try {
                wav = clip.load();
            } catch (IOException e) {
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                ui.run(() -> {
                    if (mine == generation) {
                        notice.accept(saveFailed.apply(why));
                        ended();
                    }
                });
                return;
            }
            try {
                audio.execute(() -> open(mine, wav, rate, events));
            } catch (RejectedExecutionException e) {
                log.debug("the room was left while a clip was read; not playing it");
            }
        });
    }

    /** Opens the speaker for a clip (on the audio executor). */
    private void open(int mine, byte[] wav, double rate, Events events) {
        VoiceIo.Playback started;
        try {
            started = io.play(wav, rate, events);
        } catch (VoiceIo.VoiceUnavailableException e) {
            ui.run(() -> {
                if (mine == generation) {
                    notice.accept(e.getMessage());
                    stopCurrent();
                }
            });
            return;
        }
        ui.run(() -> {
            if (mine != generation) {
                started.stop(); // stopped or replaced while it was starting
                return;
            }
            playback = started;
            if (speed.get() != rate) {
                started.speed(speed.get()); // changed while it was starting
            }
            if (!heardLive.isEmpty()) {
                pauseForLive(); // a live message took the speaker meanwhile
            }
        });
    }

    private void stopCurrent() {
        TimelineItem item = current.get();
        if (playback != null) {
            playback.stop();
        }
        playback = null;
        generation++;
        paused = false;
        if (item != null) {
            item.playingProperty().set(false);
            item.progressProperty().set(0);
        }
        current.set(null);
    }

    private void ended() {
        stopCurrent();
        pausedForLive = false;
        if (heardLive.isEmpty()) {
            playNext(); // else the queue goes on once no live message is heard
        }
    }

    /** Events of one playback; stale ones are ignored. */
    private final class Events implements VoiceIo.PlaybackEvents {
        private final int owner;
        private final TimelineItem item;

        Events(int owner, TimelineItem item) {
            this.owner = owner;
            this.item = item;
        }

        @Override
        public void progress(long playedMillis, long totalMillis) {
            ui.run(() -> {
                if (owner == generation && totalMillis > 0) {
                    item.progressProperty().set(Math.min(1, playedMillis / (double) totalMillis));
                }
            });
        }

        @Override
        public void finished() {
            ui.run(() -> {
                if (owner == generation) {
                    ended();
                }
            });
        }

        @Override
        public void failed(String reason) {
            ui.run(() -> {
                if (owner == generation) {
                    notice.accept(reason);
                    ended();
                }
            });
        }
    }
}
