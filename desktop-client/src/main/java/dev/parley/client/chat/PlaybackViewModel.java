package dev.parley.client.chat;

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
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Plays voice clips one at a time: {@link #toggle} plays, pauses or resumes; starting another clip stops the
 * current one. With auto-play on (walkie-talkie mode), clips arriving from others are queued and played in
 * arrival order. Clips play at {@link #speedProperty() the speed chosen} (one of {@link #SPEEDS}, pitch kept), and a
 * change applies to the clip playing too. FX thread only; playback events come in through the {@link UiThread} door.
 */
public final class PlaybackViewModel {
    private static final Logger log = LoggerFactory.getLogger(PlaybackViewModel.class);
    /** The speeds offered, in the order the speed button steps through them. */
    public static final double[] SPEEDS = {1, 1.5, 2};

    private final VoiceIo io;
    private final UiThread ui;
    private final Executor disk;
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

    /**
     * @param disk       where clips are read from and saved to disk (never the FX thread)
     * @param saveFailed the notice for a clip that could not be saved or read, from the system's reason
     */
    public PlaybackViewModel(VoiceIo io, UiThread ui, Executor disk, BooleanProperty autoPlay, Consumer<String> notice,
                             String noSpeakerText, Function<String, String> saveFailed) {
        this.io = io;
        this.ui = ui;
        this.disk = disk;
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

    /** Play, pause or resume {@code item}. */
    public void toggle(TimelineItem item) {
        if (item == current.get() && playback == null) {
            stop(); // still starting: a second click means stop
            return;
        }
        if (item == current.get() && playback != null) {
            if (paused) {
                playback.resume();
                paused = false;
                item.playingProperty().set(true);
            } else {
                playback.pause();
                paused = true;
                item.playingProperty().set(false);
            }
            return;
        }
        queue.clear();
        play(item);
    }

    /** A clip arrived live from someone else: queue it when auto-play is on. */
    public void arrived(TimelineItem item) {
        if (item.kind() != TimelineItem.Kind.VOICE || !autoPlay.get()) {
            return;
        }
        if (current.get() == null) {
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
        disk.execute(() -> { // reading the clip and opening the speaker can wait on a disk or a driver
            VoiceIo.Playback started;
            try {
                started = io.play(clip.load(), rate, events);
            } catch (IOException e) {
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                ui.run(() -> {
                    if (mine == generation) {
                        notice.accept(saveFailed.apply(why));
                        ended();
                    }
                });
                return;
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
                if (mine == generation) {
                    playback = started;
                    if (speed.get() != rate) {
                        started.speed(speed.get()); // changed while it was starting
                    }
                } else {
                    started.stop(); // stopped or replaced while it was starting
                }
            });
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
        TimelineItem next = queue.pollFirst();
        if (next != null) {
            play(next);
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
