package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Tasks;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the voice cards show and do about playback: play, pause or resume a clip, hear a live message, the speed, and
 * saving; it keeps each card's playing state and progress, and hands the rest to its parts: {@link SpeakerQueue} (what
 * plays next, clips and live messages never mixed), {@link ClipPlayer} (one clip on the speaker, off the FX thread),
 * {@link PlaybackSpeed} and {@link ClipSaver}. With auto-play on (walkie-talkie mode), clips arriving from others play
 * in arrival order. A message heard live is not played again when its stored message arrives.
 *
 * <p>FX thread only; playback and live events come in through the {@link UiThread} door, and it never waits for the
 * sound device or a disk.
 */
public final class PlaybackViewModel {
    /** The speeds offered, in the order the speed button steps through them. */
    public static final double[] SPEEDS = PlaybackSpeed.SPEEDS;

    /**
     * Where the work goes: {@code audio} reads clips to play and drives the speaker (one thread, in order),
     * {@code files} saves clips; both hand their outcome back through {@code ui}.
     */
    public record Threads(UiThread ui, Tasks audio, Tasks files) {
        /** The app's: the speaker on {@code audio}, each save on a thread of its own. */
        public static Threads of(UiThread ui, Executor audio) {
            return new Threads(ui, new Tasks(audio, ui), new Tasks(ClipSaver.ownThreads(), ui));
        }
    }

    private final VoiceIo io;
    private final LiveRoom live;
    private final BooleanProperty autoPlay;
    private final Consumer<String> notice;
    private final String noSpeakerText;
    private final ReadOnlyObjectWrapper<TimelineItem> current = new ReadOnlyObjectWrapper<>();
    private final ClipPlayer player;
    private final ClipSaver saver;
    private final PlaybackSpeed speed;
    private final SpeakerQueue<TimelineItem> queue = new SpeakerQueue<>(new Cards());
    private final List<Consumer<TimelineItem>> heardOut = new ArrayList<>();

    /**
     * @param live       the room's live messages
     * @param saveFailed the notice for a clip that could not be saved or read, from the system's reason
     */
    public PlaybackViewModel(VoiceIo io, Threads threads, LiveRoom live, BooleanProperty autoPlay,
                             Consumer<String> notice, String noSpeakerText, Function<String, String> saveFailed) {
        this.io = io;
        this.live = live;
        this.autoPlay = autoPlay;
        this.notice = notice;
        this.noSpeakerText = noSpeakerText;
        this.player = new ClipPlayer(io, threads.audio(), threads.ui(), saveFailed);
        this.saver = new ClipSaver(threads.files(), notice, saveFailed);
        this.speed = new PlaybackSpeed(player::speed);
    }

    /** The playback speed, one of {@link #SPEEDS}; anything else set here becomes the nearest of them. */
    public DoubleProperty speedProperty() {
        return speed.property();
    }

    /** Steps to the next of {@link #SPEEDS}, after the last back to the first (1x, 1.5x, 2x, 1x...). */
    public void nextSpeed() {
        speed.next();
    }

    /** A speed as the button shows it: "1×", "1.5×", "2×". */
    public static String speedText(double value) {
        return PlaybackSpeed.text(value);
    }

    /** Calls {@code listener} with each clip that played to its end (not stopped, not failed). */
    public void onHeardToItsEnd(Consumer<TimelineItem> listener) {
        heardOut.add(listener);
    }

    /** The clip playing or paused, or {@code null}. */
    public ReadOnlyObjectProperty<TimelineItem> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public boolean isPaused() {
        return queue.paused();
    }

    /** Play, pause or resume {@code item}; for a live message, start or stop hearing it. */
    public void toggle(TimelineItem item) {
        if (item.live() == null) {
            queue.toggle(item);
            return;
        }
        LiveKey key = item.live().stream();
        if (item.live().heardProperty().get()) {
            live.stopListening(key);
        } else if (item.live().stoppedProperty().get() != null) {
            return; // interrupted: its resend will be an ordinary clip
        } else if (!io.hasOutput()) {
            notice.accept(noSpeakerText);
        } else {
            queue.clearForLive();
            if (live.listen(key)) {
                queue.liveStarting(key);
            }
        }
    }

    /** A live message is about to go to the speaker: the clip playing, if any, pauses until no live one is heard. */
    public void liveStarting(LiveKey key) {
        queue.liveStarting(key);
    }

    /** A live message stopped going to the speaker (played out, stopped or aborted). */
    public void liveEnded(LiveKey key) {
        queue.liveEnded(key);
    }

    /** Whether a live message is going to the speaker. */
    public boolean hearingLive() {
        return queue.hearingLive();
    }

    /**
     * A clip arrived from someone else: queued when auto-play is on, unless it was already heard (as it was spoken)
     * or is about to be (its live message waits for the speaker); it waits while a clip plays or a live message is
     * heard or waits.
     */
    public void arrived(TimelineItem item) {
        if (item.kind() == TimelineItem.Kind.VOICE && autoPlay.get() && !item.playedProperty().get()) {
            queue.arrived(item, new LiveKey(item.from(), item.id()));
        }
    }

    /** Stops whatever plays and forgets the queue. */
    public void stop() {
        queue.stop();
    }

    /**
     * Leaving the room: stops whatever plays, and nothing plays after, though events handed to the FX thread before
     * the session closed (a clip arriving, a live message ending) still come.
     */
    public void close() {
        queue.close();
    }

    /** Writes a clip to a .wav file, off the FX thread; a failure becomes a notice. */
    public void save(TimelineItem item, Path file) {
        save(item, file, () -> { });
    }

    /** Saves the clip as a .wav file off the FX thread; {@code saved} runs on the UI thread once it is written. */
    public void save(TimelineItem item, Path file, Runnable saved) {
        saver.save(item.clip(), file, saved);
    }

    /** The speaker as the queue drives it: the clip player, the live room, and the cards' state. */
    private final class Cards implements SpeakerQueue.Speaker<TimelineItem> {
        @Override
        public boolean play(TimelineItem item) {
            if (!io.hasOutput()) {
                notice.accept(noSpeakerText);
                return false;
            }
            current.set(item);
            item.playedProperty().set(true);
            item.playingProperty().set(true);
            item.progressProperty().set(0);
            player.play(item.clip(), speed.get(), new ClipPlayer.Listener() {
                @Override
                public void progress(double fraction) {
                    item.progressProperty().set(fraction);
                }

                @Override
                public void finished() {
                    queue.ended(item);
                    heardOut.forEach(h -> h.accept(item));
                }

                @Override
                public void failed(String sentence) {
                    notice.accept(sentence);
                    queue.ended(item);
                }

                @Override
                public void unavailable(String sentence) {
                    notice.accept(sentence);
                    queue.halted(item);
                }
            });
            return true;
        }

        @Override
        public void pause(TimelineItem item) {
            player.pause();
            item.playingProperty().set(false);
        }

        @Override
        public void resume(TimelineItem item) {
            player.resume();
            item.playingProperty().set(true);
        }

        @Override
        public void stop(TimelineItem item) {
            player.stop();
            item.playingProperty().set(false);
            item.progressProperty().set(0);
            current.set(null);
        }

        @Override
        public void stopLive() {
            live.stopListeningAll();
        }

        @Override
        public boolean liveTaken() {
            return live.speakerTaken();
        }

        @Override
        public boolean liveToSpeaker(LiveKey stream) {
            return live.toSpeaker(stream);
        }

        @Override
        public void heardLive(TimelineItem item) {
            item.playedProperty().set(true);
        }
    }
}
